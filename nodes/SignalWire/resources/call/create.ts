import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { buildCxml, type CxmlVerb } from '../../../../shared/signalwire/cxml';
import {
	MAX_GATHER_DIGITS,
	promptVerbs,
	spokenAnswerProperties,
} from '../../../../shared/signalwire/spokenAnswer';
import { optionsCollection, readText } from '../../helpers';
import { fromProperties, readFrom } from '../../sender';
import { connectSignalWire, type Operation } from '../../transport';
import {
	cxmlProperty,
	readCallTarget,
	readCxmlDocument,
	readWebhookUrl,
	urlProperties,
} from './fields';

const STATUS_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];
const MAX_TIMEOUT_S = 600;

const whenAnswer = (answerWith: string) => ({ show: { answerWith: [answerWith] } });

const sayProperties = spokenAnswerProperties({
	sayPlaceholder: 'e.g. Hello, this is a reminder of your appointment tomorrow.',
	playPlaceholder: 'e.g. https://example.com/message.mp3',
	recordDescription: 'Whether to record what the callee says after the text (a voicemail)',
});

/**
 * POST …/Calls.json, form-encoded (201, the call resource, status queued). SignalWire has no
 * idempotency key, so a create whose response may have been lost is never repeated: a second attempt
 * could ring the phone twice.
 */
export const create: Operation = {
	option: {
		name: 'Create',
		action: 'Place a call',
		description: 'Place an outbound call that speaks text, runs cXML, or follows a cXML URL',
	},
	properties: [
		...fromProperties({
			searchListMethod: 'searchVoiceNumbers',
			textDescription: 'Your SignalWire phone number to call from, in E.164 form',
			description:
				"Your SignalWire number to call from: pick one of the project's numbers that can make calls (search by part of the number or by its whole friendly name), or enter it in E.164 form",
		}),
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +15557654321',
			description: 'The phone number to call in E.164 form, or a SIP address (sip:user@host)',
		},
		{
			displayName: 'Answer With',
			name: 'answerWith',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Say',
					value: 'say',
					description: 'Speak text, play audio, gather digits or record, from the fields below',
				},
				{ name: 'cXML', value: 'cxml', description: 'A cXML document you write' },
				{ name: 'URL', value: 'url', description: 'A URL that answers with cXML' },
			],
			default: 'say',
			description: 'What the call does once it is answered',
		},
		...sayProperties.map((property) => ({
			...property,
			displayOptions: { ...whenAnswer('say'), ...property.displayOptions },
		})),
		{
			...cxmlProperty('cxml', 'The cXML document the call runs once answered'),
			displayOptions: whenAnswer('cxml'),
		},
		...urlProperties('the call runs once answered').map((property) => ({
			...property,
			displayOptions: whenAnswer('url'),
		})),
		optionsCollection([
			{
				displayName: 'Machine Detection',
				name: 'machineDetection',
				type: 'options',
				options: [
					{ name: 'None', value: 'none' },
					{ name: 'Enable', value: 'Enable', description: 'Detect a human or a machine' },
					{
						name: 'Detect Message End',
						value: 'DetectMessageEnd',
						description: 'Wait for the end of the voicemail greeting before answering',
					},
				],
				default: 'none',
				description: 'Whether SignalWire detects answering machines (AnsweredBy in callbacks)',
			},
			{
				displayName: 'Record Call',
				name: 'recordCall',
				type: 'boolean',
				default: false,
				description: 'Whether to record the whole call',
			},
			{
				displayName: 'Recording Status Callback',
				name: 'recordingStatusCallback',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/webhook/recording',
				description: 'URL SignalWire calls when a recording of the call is available',
			},
			{
				displayName: 'Status Callback',
				name: 'statusCallback',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/webhook/call-status',
				description: 'URL SignalWire calls when the call status changes',
			},
			{
				displayName: 'Status Callback Events',
				name: 'statusCallbackEvent',
				type: 'multiOptions',
				options: STATUS_EVENTS.map((event) => ({
					name: event[0].toUpperCase() + event.slice(1),
					value: event,
				})),
				default: ['completed'],
				description: 'Which status changes are sent to the Status Callback',
			},
			{
				displayName: 'Ring Timeout (Seconds)',
				name: 'ringTimeout',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_S },
				default: 60,
				description: 'How long to let the phone ring before giving up (1 to 600 seconds)',
			},
		]),
	],
	async execute(ctx, itemIndex) {
		const to = readCallTarget(ctx, itemIndex, 'to', 'To');
		const from = readFrom(ctx, itemIndex);
		const answer = readAnswer(ctx, itemIndex);
		// In the official client's order, so the two send the same bytes.
		const form = { To: to, From: from, ...answer, ...readCreateOptions(ctx, itemIndex) };
		const signalWire = await connectSignalWire(ctx, itemIndex);
		const response = await signalWire.request({
			method: 'POST',
			path: ['Calls'],
			suffix: '.json',
			form,
			effect: 'the call may or may not have been placed',
		});
		return [{ json: response.body as IDataObject }];
	},
};

/** Url + Method, or Twiml: exactly one way of telling SignalWire what the call does. */
function readAnswer(ctx: IExecuteFunctions, itemIndex: number): Record<string, string> {
	const answerWith = ctx.getNodeParameter('answerWith', itemIndex) as string;
	if (answerWith === 'url') {
		return {
			Url: readWebhookUrl(ctx, itemIndex, 'url', 'URL'),
			Method: ctx.getNodeParameter('method', itemIndex, 'POST') as string,
		};
	}
	if (answerWith === 'cxml') return { Twiml: readCxmlDocument(ctx, itemIndex, 'cxml', 'cXML') };
	if (answerWith !== 'say') {
		throw new NodeOperationError(ctx.getNode(), `Answer With "${answerWith}" is not known`, {
			itemIndex,
			description: 'Use say, cxml or url.',
		});
	}
	return { Twiml: buildCxml(readSayVerbs(ctx, itemIndex)) };
}

function readSayVerbs(ctx: IExecuteFunctions, itemIndex: number): CxmlVerb[] {
	const text = readText(ctx, itemIndex, 'say', 'Say').trim();
	const voice = readText(ctx, itemIndex, 'voice', 'Voice').trim() || undefined;
	const language = readText(ctx, itemIndex, 'language', 'Language').trim() || undefined;
	const playUrl = readText(ctx, itemIndex, 'playUrl', 'Play URL').trim();
	const digits = Number(ctx.getNodeParameter('gather', itemIndex, 0));
	const record = ctx.getNodeParameter('record', itemIndex, false) as boolean;
	if (!Number.isInteger(digits) || digits < 0 || digits > MAX_GATHER_DIGITS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Gather Digits "${String(digits)}" must be a whole number from 0 to ${MAX_GATHER_DIGITS}`,
			{ itemIndex },
		);
	}
	if (text === '' && playUrl === '' && digits === 0 && !record) {
		throw new NodeOperationError(ctx.getNode(), 'The call would answer with nothing', {
			itemIndex,
			description:
				'Enter text in Say, a Play URL, digits to gather or Record Message; or answer with cXML or a URL.',
		});
	}
	const verbs = promptVerbs({
		text,
		voice,
		language,
		playUrl: playUrl === '' ? '' : readWebhookUrl(ctx, itemIndex, 'playUrl', 'Play URL'),
		digits,
		gatherAction: () => readWebhookUrl(ctx, itemIndex, 'gatherAction', 'Gather Action URL'),
	});
	if (record) verbs.push({ verb: 'Record' });
	return [...verbs, { verb: 'Hangup' }];
}

function readCreateOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Record<string, string | string[]> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const form: Record<string, string | string[]> = {};
	const has = (name: string) => options[name] !== undefined && options[name] !== '';
	if (has('statusCallback'))
		form.StatusCallback = readWebhookUrl(
			ctx,
			itemIndex,
			'options.statusCallback',
			'Status Callback',
		);
	if (has('statusCallbackEvent')) {
		const events = options.statusCallbackEvent as unknown;
		const list = Array.isArray(events) ? events.map(String) : String(events).split(/[\s,]+/);
		const unknown = list.filter((event) => !STATUS_EVENTS.includes(event));
		if (unknown.length > 0) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Status Callback Events "${unknown.join(', ')}" are not call events`,
				{ itemIndex, description: `Use ${STATUS_EVENTS.join(', ')}.` },
			);
		}
		if (!form.StatusCallback) {
			throw new NodeOperationError(
				ctx.getNode(),
				'Status Callback Events are set but Status Callback is empty',
				{ itemIndex, description: 'Enter the Status Callback URL the events are sent to.' },
			);
		}
		form.StatusCallbackEvent = list;
	}
	// Named apart from the request Timeout every operation's Options carry (same collection).
	if (has('ringTimeout')) {
		const seconds = Number(options.ringTimeout);
		if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_TIMEOUT_S) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Ring Timeout "${String(options.ringTimeout)}" must be a whole number of seconds from 1 to ${MAX_TIMEOUT_S}`,
				{ itemIndex },
			);
		}
		form.Timeout = String(seconds);
	}
	if (options.recordCall === true) form.Record = 'true';
	if (has('recordingStatusCallback'))
		form.RecordingStatusCallback = readWebhookUrl(
			ctx,
			itemIndex,
			'options.recordingStatusCallback',
			'Recording Status Callback',
		);
	if (has('machineDetection') && options.machineDetection !== 'none') {
		if (!['Enable', 'DetectMessageEnd'].includes(String(options.machineDetection))) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Machine Detection "${String(options.machineDetection)}" is not known`,
				{ itemIndex, description: 'Use none, Enable or DetectMessageEnd.' },
			);
		}
		form.MachineDetection = String(options.machineDetection);
	}
	return form;
}
