import type { INodeProperties } from 'n8n-workflow';

import type { CxmlVerb, PlayVerb, SayVerb } from './cxml';

/** SignalWire's Gather takes at most this many digits. */
export const MAX_GATHER_DIGITS = 20;

/**
 * The simple fields of a spoken answer (the SignalWire node's placed calls and the trigger's inbound
 * calls): text with voice and language, an audio file, digits to gather and a recording.
 */
export function spokenAnswerProperties(texts: {
	sayPlaceholder: string;
	playPlaceholder: string;
	recordDescription: string;
}): INodeProperties[] {
	return [
		{
			displayName: 'Say',
			name: 'say',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: texts.sayPlaceholder,
			description: 'Text spoken when the call is answered; empty for none',
		},
		{
			displayName: 'Voice',
			name: 'voice',
			type: 'string',
			default: '',
			placeholder: 'e.g. woman or polly.Joanna',
			description: 'Voice for the text; empty for the default voice',
		},
		{
			displayName: 'Language',
			name: 'language',
			type: 'string',
			default: '',
			placeholder: 'e.g. en-US',
			description: 'Language of the text; empty for the default (en-US)',
		},
		{
			displayName: 'Play URL',
			name: 'playUrl',
			type: 'string',
			default: '',
			placeholder: texts.playPlaceholder,
			description: 'Audio file played after the text; empty for none',
		},
		{
			displayName: 'Gather Digits',
			name: 'gather',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: MAX_GATHER_DIGITS },
			default: 0,
			description:
				'How many keypad digits to wait for while the text is spoken (0 for none); they are sent to the Gather Action URL',
		},
		{
			displayName: 'Gather Action URL',
			name: 'gatherAction',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://example.com/webhook/digits',
			description:
				'URL SignalWire posts the digits to (field Digits); it answers with the cXML that continues the call',
			displayOptions: { hide: { gather: [0] } },
		},
		{
			displayName: 'Record Message',
			name: 'record',
			type: 'boolean',
			default: false,
			description: texts.recordDescription,
		},
	];
}

/** The spoken prompt: Say, then Play, inside a Gather when digits are awaited. */
export function promptVerbs(prompt: {
	text: string;
	voice?: string;
	language?: string;
	playUrl: string;
	digits: number;
	gatherAction: () => string;
}): CxmlVerb[] {
	const spoken: Array<SayVerb | PlayVerb> = [];
	if (prompt.text !== '')
		spoken.push({
			verb: 'Say',
			text: prompt.text,
			voice: prompt.voice,
			language: prompt.language,
		});
	if (prompt.playUrl !== '') spoken.push({ verb: 'Play', url: prompt.playUrl });
	return prompt.digits > 0
		? [{ verb: 'Gather', numDigits: prompt.digits, action: prompt.gatherAction(), prompt: spoken }]
		: spoken;
}
