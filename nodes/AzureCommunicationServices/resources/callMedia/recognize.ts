import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions, readId } from '../../helpers';
import type { Operation } from '../../transport';
import {
	callConnectionIdProperty,
	operationFieldProperties,
	postMediaAction,
	readMediaParticipant,
	readOperationFields,
	targetParticipantProperty,
	TONE_OPTIONS,
} from './common';
import { playSourceProperties, readPlaySource } from './playSource';

const WITH_DTMF = ['dtmf', 'speechOrDtmf'];
const WITH_SPEECH = ['speech', 'speechOrDtmf', 'choices'];

/** The SDK's defaults, which it always sends; the node sends the same so the requests agree. */
const DEFAULT_INITIAL_SILENCE_SECONDS = 5;
const DEFAULT_INTER_TONE_SECONDS = 2;
const DEFAULT_END_SILENCE_MS = 2000;

/**
 * POST /calling/callConnections/{id}:recognize (202; RecognizeCompleted with the tones, choice or speech,
 * or RecognizeFailed/Canceled, by callback). The body is the one the SDK's startRecognizing sends for
 * each input type. No repeatability key: a request whose response may have been lost is not repeated.
 */
export const recognize: Operation = {
	option: {
		name: 'Recognize',
		action: 'Collect tones or speech in a call',
		description:
			'Optionally play a prompt, then collect keypad tones, a spoken choice or speech from a participant',
	},
	properties: [
		callConnectionIdProperty,
		{
			...targetParticipantProperty,
			description:
				'Whose input to collect: a phone number (E.164) or an ACS/Teams ID of a participant of the call (for an incoming call, the caller: the "from" of the IncomingCall event)',
		},
		{
			displayName: 'Input Type',
			name: 'inputType',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Choices',
					value: 'choices',
					description: 'One of several options, said (speech) or pressed (tone)',
				},
				{ name: 'DTMF Tones', value: 'dtmf', description: 'Keys pressed on the keypad' },
				{ name: 'Speech', value: 'speech', description: 'What is said, as text' },
				{
					name: 'Speech or DTMF',
					value: 'speechOrDtmf',
					description: 'Whichever comes first: keys or speech',
				},
			],
			default: 'dtmf',
		},
		{
			displayName: 'Max Tones to Collect',
			name: 'maxTonesToCollect',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			description: 'How many keys to collect before the result is reported',
			displayOptions: { show: { inputType: WITH_DTMF } },
		},
		{
			displayName: 'Choices',
			name: 'choices',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Choice',
			default: {},
			displayOptions: { show: { inputType: ['choices'] } },
			options: [
				{
					displayName: 'Choice',
					name: 'choice',
					values: [
						{
							displayName: 'Label',
							name: 'label',
							type: 'string',
							default: '',
							placeholder: 'e.g. sales',
							description: 'What RecognizeCompleted reports when this choice is made',
						},
						{
							displayName: 'Phrases',
							name: 'phrases',
							type: 'string',
							default: '',
							placeholder: 'e.g. sales, buy, one',
							description: 'What the caller may say for this choice, separated by commas',
						},
						{
							displayName: 'Tone',
							name: 'tone',
							type: 'options',
							options: [{ name: 'None', value: '' }, ...TONE_OPTIONS],
							default: '',
							description: 'The key that also makes this choice',
						},
					],
				},
			],
		},
		...playSourceProperties(true),
		acsOptions(ACS_API_VERSIONS.calling, [
			{
				displayName: 'End Silence Timeout (Ms)',
				name: 'endSilenceTimeoutInMs',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_END_SILENCE_MS,
				description: 'How long a pause ends the speech, in milliseconds',
				displayOptions: { show: { '/inputType': ['speech', 'speechOrDtmf'] } },
			},
			{
				displayName: 'Initial Silence Timeout (Seconds)',
				name: 'initialSilenceTimeoutInSeconds',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 300 },
				default: DEFAULT_INITIAL_SILENCE_SECONDS,
				description: 'How long to wait for the first input after the prompt before RecognizeFailed',
			},
			{
				displayName: 'Inter-Tone Timeout (Seconds)',
				name: 'interToneTimeoutInSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 60 },
				default: DEFAULT_INTER_TONE_SECONDS,
				description: 'How long to wait between two keys before reporting what was collected',
				displayOptions: { show: { '/inputType': WITH_DTMF } },
			},
			{
				displayName: 'Interrupt Current Media Operation',
				name: 'interruptCallMediaOperation',
				type: 'boolean',
				default: false,
				description:
					'Whether to stop what is playing or listening now and start this at once, instead of queueing it',
			},
			{
				displayName: 'Interrupt Prompt',
				name: 'interruptPrompt',
				type: 'boolean',
				default: true,
				description: 'Whether the caller can cut the prompt short by answering',
			},
			{
				displayName: 'Speech Language',
				name: 'speechLanguage',
				type: 'string',
				default: '',
				placeholder: 'e.g. en-US',
				description: 'The language spoken',
				displayOptions: { show: { '/inputType': WITH_SPEECH } },
			},
			{
				displayName: 'Stop Tones',
				name: 'stopTones',
				type: 'multiOptions',
				options: TONE_OPTIONS,
				default: [],
				description: 'Keys that end the input at once, e.g. #',
				displayOptions: { show: { '/inputType': WITH_DTMF } },
			},
			...operationFieldProperties('RecognizeCompleted/Failed'),
		]),
	],
	async execute(ctx, itemIndex) {
		const callConnectionId = readId(ctx, itemIndex, 'callConnectionId', 'Call Connection ID');
		const targetParticipant = readMediaParticipant(
			ctx,
			itemIndex,
			'targetParticipant',
			'Target Participant',
		);
		const inputType = ctx.getNodeParameter('inputType', itemIndex) as string;
		const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const playPrompt = readPlaySource(ctx, itemIndex);
		const operationFields = readOperationFields(ctx, itemIndex, options);

		// Keys in the order of the SDK's serialiser (its mappers), so the JSON text is the SDK's too.
		const recognizeOptions: IDataObject = {};
		if (typeof options.interruptPrompt === 'boolean') {
			recognizeOptions.interruptPrompt = options.interruptPrompt;
		}
		recognizeOptions.initialSilenceTimeoutInSeconds = numberOption(
			options.initialSilenceTimeoutInSeconds,
			DEFAULT_INITIAL_SILENCE_SECONDS,
		);
		recognizeOptions.targetParticipant = targetParticipant;
		if (
			WITH_SPEECH.includes(inputType) &&
			typeof options.speechLanguage === 'string' &&
			options.speechLanguage.trim() !== ''
		) {
			recognizeOptions.speechLanguage = options.speechLanguage.trim();
		}
		if (WITH_DTMF.includes(inputType)) {
			const dtmfOptions: IDataObject = {
				interToneTimeoutInSeconds: numberOption(
					options.interToneTimeoutInSeconds,
					DEFAULT_INTER_TONE_SECONDS,
				),
				maxTonesToCollect: ctx.getNodeParameter('maxTonesToCollect', itemIndex, 1) as number,
			};
			const stopTones = options.stopTones as string[] | undefined;
			if (stopTones && stopTones.length > 0) dtmfOptions.stopTones = stopTones;
			recognizeOptions.dtmfOptions = dtmfOptions;
		}
		if (inputType === 'choices') recognizeOptions.choices = readChoices(ctx, itemIndex);
		if (inputType === 'speech' || inputType === 'speechOrDtmf') {
			recognizeOptions.speechOptions = {
				endSilenceTimeoutInMs: numberOption(options.endSilenceTimeoutInMs, DEFAULT_END_SILENCE_MS),
			};
		}

		const body: IDataObject = { recognizeInputType: inputType };
		if (playPrompt) body.playPrompt = playPrompt;
		if (typeof options.interruptCallMediaOperation === 'boolean') {
			body.interruptCallMediaOperation = options.interruptCallMediaOperation;
		}
		body.recognizeOptions = recognizeOptions;
		Object.assign(body, operationFields);
		return await postMediaAction(
			ctx,
			itemIndex,
			callConnectionId,
			'recognize',
			{ body, effect: 'the prompt may or may not have been played and input collected' },
			{ inputType, ...operationFields },
		);
	},
};

/** The SDK replaces 0 by its default too (`value ? value : default`). */
function numberOption(value: unknown, fallback: number): number {
	return typeof value === 'number' && value !== 0 ? value : fallback;
}

function readChoices(ctx: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const { choice = [] } = ctx.getNodeParameter('choices', itemIndex, {}) as {
		choice?: Array<{ label?: unknown; phrases?: unknown; tone?: unknown }>;
	};
	const fail = (problem: string) =>
		new NodeOperationError(ctx.getNode(), `Choices: ${problem}`, {
			itemIndex,
			description:
				'Give every choice a label and at least one phrase (phrases separated by commas).',
		});
	if (choice.length === 0) throw fail('add at least one choice');
	return choice.map((entry, index) => {
		const label = typeof entry.label === 'string' ? entry.label.trim() : '';
		if (label === '') throw fail(`choice ${index + 1} has no label`);
		const phrases = (
			Array.isArray(entry.phrases)
				? entry.phrases.map(String)
				: String(entry.phrases ?? '').split(',')
		)
			.map((phrase) => phrase.trim())
			.filter((phrase) => phrase !== '');
		if (phrases.length === 0) throw fail(`choice "${label}" has no phrase`);
		const result: IDataObject = { label, phrases };
		if (typeof entry.tone === 'string' && entry.tone !== '') result.tone = entry.tone;
		return result;
	});
}
