import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { readMediaUrl, readText } from '../../helpers';

const SOURCES = [
	{
		name: 'Audio File',
		value: 'file',
		description: 'A WAV (mono, 16-bit, 16 kHz) or MP3 file at a public https URL',
	},
	{
		name: 'SSML',
		value: 'ssml',
		description:
			'Speech Synthesis Markup, spoken by Azure AI Speech (the call needs a Cognitive Services endpoint)',
	},
	{
		name: 'Text',
		value: 'text',
		description:
			'Text read out by an Azure AI Speech voice (the call needs a Cognitive Services endpoint)',
	},
];

/**
 * What to play (Play) or to prompt with (Recognize): an audio file by URL, text spoken by a voice, or
 * SSML. `optional` adds "No Prompt" as the default.
 */
export function playSourceProperties(optional: boolean): INodeProperties[] {
	const show = (kind: string) => ({ displayOptions: { show: { playSource: [kind] } } });
	return [
		optional
			? {
					displayName: 'Prompt',
					name: 'playSource',
					type: 'options',
					noDataExpression: true,
					options: [
						{ name: 'No Prompt', value: 'none', description: 'Play nothing first' },
						...SOURCES,
					],
					default: 'none',
					description: 'What to play before listening',
				}
			: {
					displayName: 'Play Source',
					name: 'playSource',
					type: 'options',
					noDataExpression: true,
					options: SOURCES,
					default: 'file',
					description: 'What to play',
				},
		{
			displayName: 'File URL',
			name: 'fileUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://example.com/prompts/welcome.wav',
			description: 'Public https URL of the audio file; ACS downloads it from there',
			...show('file'),
		},
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 2 },
			required: true,
			default: '',
			placeholder: 'e.g. Welcome! Press 1 for sales, 2 for support.',
			description: 'The text to speak',
			...show('text'),
		},
		{
			displayName: 'Voice Name',
			name: 'voiceName',
			type: 'string',
			default: '',
			placeholder: 'e.g. en-US-JennyNeural',
			description:
				'An Azure AI Speech voice. Empty lets the service choose from the locale and voice kind.',
			...show('text'),
		},
		{
			displayName: 'Source Locale',
			name: 'sourceLocale',
			type: 'string',
			default: '',
			placeholder: 'e.g. en-US',
			description: 'The language of the text, used when no voice name is given',
			...show('text'),
		},
		{
			displayName: 'Voice Kind',
			name: 'voiceKind',
			type: 'options',
			options: [
				{ name: 'Service Default', value: '' },
				{ name: 'Female', value: 'female' },
				{ name: 'Male', value: 'male' },
			],
			default: '',
			description: 'The kind of voice, used when no voice name is given',
			...show('text'),
		},
		{
			displayName: 'SSML',
			name: 'ssml',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			placeholder:
				'e.g. <speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US"><voice name="en-US-JennyNeural">Hello</voice></speak>',
			description: 'The SSML document to speak',
			...show('ssml'),
		},
	];
}

/** Azure AI Speech's limit for a text prompt in a call; longer ones must be SSML. */
const MAX_TEXT_PROMPT_CHARACTERS = 4000;

/** The PlaySource the SDK sends (kind, then the one nested source); undefined for "No Prompt". */
export function readPlaySource(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const kind = ctx.getNodeParameter('playSource', itemIndex, 'file') as string;
	const required = (parameter: string, label: string) => {
		const value = readText(ctx, itemIndex, parameter, label);
		if (value.trim() === '') {
			throw new NodeOperationError(ctx.getNode(), `${label} is empty`, {
				itemIndex,
				description: `Enter the ${label.toLowerCase()} to play, or choose another play source.`,
			});
		}
		return value;
	};
	const optional = (parameter: string, label: string) => {
		const value = readText(ctx, itemIndex, parameter, label).trim();
		return value === '' ? undefined : value;
	};
	switch (kind) {
		case 'none':
			return undefined;
		case 'file': {
			const url = ctx.getNodeParameter('fileUrl', itemIndex, '') as unknown;
			const uri = readMediaUrl(ctx, itemIndex, url, 'File URL', 'Azure Communication Services');
			return { kind: 'file', file: { uri } };
		}
		case 'text': {
			const text: IDataObject = { text: required('text', 'Text') };
			const length = [...String(text.text)].length;
			if (length > MAX_TEXT_PROMPT_CHARACTERS) {
				throw new NodeOperationError(
					ctx.getNode(),
					`Text is too long (${length} characters; at most ${MAX_TEXT_PROMPT_CHARACTERS})`,
					{
						itemIndex,
						description:
							'Azure AI Speech reads text prompts of up to 4,000 characters. Shorten the text, split it over several plays, or choose SSML as the play source.',
					},
				);
			}
			const sourceLocale = optional('sourceLocale', 'Source Locale');
			if (sourceLocale) text.sourceLocale = sourceLocale;
			const voiceKind = ctx.getNodeParameter('voiceKind', itemIndex, '') as string;
			if (voiceKind === 'male' || voiceKind === 'female') text.voiceKind = voiceKind;
			const voiceName = optional('voiceName', 'Voice Name');
			if (voiceName) text.voiceName = voiceName;
			return { kind: 'text', text };
		}
		case 'ssml':
			return { kind: 'ssml', ssml: { ssmlText: required('ssml', 'SSML') } };
		default:
			throw new NodeOperationError(ctx.getNode(), `Play Source "${kind}" is not supported`, {
				itemIndex,
			});
	}
}
