import {
	NodeOperationError,
	type IHookFunctions,
	type INodeProperties,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { buildCxml, cxmlProblem, type CxmlVerb } from '../../shared/signalwire/cxml';
import {
	MAX_GATHER_DIGITS,
	promptVerbs,
	spokenAnswerProperties,
} from '../../shared/signalwire/spokenAnswer';
import { isE164 } from '../../shared/validation';

/**
 * How the trigger answers an inbound call. SignalWire waits about 5 seconds for the cXML and does not
 * retry (it goes to the number's fallback URL), so every path here ends in a valid document.
 */

type AnswerContext = IHookFunctions | IWebhookFunctions;
type WebhookResponse = ReturnType<IWebhookFunctions['getResponseObject']>;

export const DEFAULT_CXML_FIELD = 'cxml';
/** SignalWire refuses longer documents (error 11750). */
const MAX_CXML_BYTES = 64 * 1024;

/** What a caller hears when the workflow could not give an answer: never n8n's JSON error. */
export const APOLOGY_CXML = buildCxml([
	{ verb: 'Say', text: 'Sorry, we cannot take your call right now. Please try again later.' },
	{ verb: 'Hangup' },
]);

const onCall = { events: ['inboundCall'] };
const whenImmediately = (answerWith?: string) => ({
	show: {
		...onCall,
		respond: ['immediately'],
		...(answerWith ? { answerWith: [answerWith] } : {}),
	},
});

const simpleFields: INodeProperties[] = [
	...spokenAnswerProperties({
		sayPlaceholder: 'e.g. Thanks for calling. Please leave a message after the beep.',
		playPlaceholder: 'e.g. https://example.com/greeting.mp3',
		recordDescription:
			'Whether to record what the caller says (a voicemail). With Recording Status among the events, the recording is announced to this trigger.',
	}),
	{
		displayName: 'Record Action URL',
		name: 'recordAction',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/webhook/voicemail',
		description:
			'URL SignalWire posts the recording to when the caller stops (RecordingUrl); it answers with the cXML that continues the call. Empty to go on with the next step.',
		displayOptions: { show: { record: [true] } },
	},
	{
		displayName: 'Dial',
		name: 'dial',
		type: 'string',
		default: '',
		placeholder: 'e.g. +15557654321 or sip:alice@example.sip.signalwire.com',
		description: 'Number (E.164) or SIP address the call is connected to; empty for none',
	},
	{
		displayName: 'Hang Up',
		name: 'hangUp',
		type: 'boolean',
		default: true,
		description: 'Whether to hang up at the end (otherwise the call ends when the cXML does)',
	},
];

/** The trigger's parameters for inbound calls, shown when Inbound Call is among the events. */
export const answerProperties: INodeProperties[] = [
	{
		displayName: 'Respond',
		name: 'respond',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Immediately',
				value: 'immediately',
				description: 'Answer at once with the cXML below; the workflow runs after',
			},
			{
				name: 'When Last Node Finishes',
				value: 'lastNode',
				description:
					"Answer with the cXML text in the last node's first item (field cXML Field); the workflow must finish within about 5 seconds",
			},
		],
		default: 'immediately',
		description: 'How the inbound call is answered',
		displayOptions: { show: onCall },
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
				description: 'Speak text, play audio, gather digits, record, dial or hang up',
			},
			{ name: 'cXML', value: 'cxml', description: 'A cXML document you write' },
		],
		default: 'say',
		description: 'What the call does once answered',
		displayOptions: whenImmediately(),
	},
	...simpleFields.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...whenImmediately('say').show, ...property.displayOptions?.show },
		},
	})),
	{
		displayName: 'cXML',
		name: 'cxml',
		type: 'string',
		typeOptions: { rows: 6 },
		required: true,
		default: '',
		placeholder: 'e.g. <Response><Say>Hello</Say></Response>',
		description: 'The cXML document the call runs; it is checked when the workflow is activated',
		displayOptions: whenImmediately('cxml'),
	},
	{
		displayName: 'cXML Field',
		name: 'cxmlField',
		type: 'string',
		default: DEFAULT_CXML_FIELD,
		placeholder: 'e.g. cxml',
		description:
			"The field of the last node's first item that holds the cXML text. If the workflow fails or the field is empty or not cXML, the caller hears a short apology and the call ends.",
		displayOptions: { show: { ...onCall, respond: ['lastNode'] } },
	},
];

function invalid(ctx: AnswerContext, message: string, description: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), message, { description });
}

function readString(ctx: AnswerContext, name: string, label: string): string {
	const value = ctx.getNodeParameter(name, '') as unknown;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') {
		throw invalid(ctx, `${label} must be text`, `Check the "${label}" field.`);
	}
	return value.trim();
}

function readUrl(ctx: AnswerContext, name: string, label: string): string {
	const text = readString(ctx, name, label);
	const url = URL.canParse(text) ? new URL(text) : undefined;
	if (!url || !['http:', 'https:'].includes(url.protocol) || url.hostname === '') {
		throw invalid(
			ctx,
			text === '' ? `${label} is empty` : `${label} "${text}" is not an http(s) URL`,
			'Enter the full URL SignalWire should call, e.g. the production URL of an n8n Webhook node.',
		);
	}
	return text;
}

function readDialTarget(ctx: AnswerContext): string {
	const target = readString(ctx, 'dial', 'Dial');
	const sip = /^sips?:/i.test(target);
	if (target !== '' && (sip ? !/^sips?:[^\s@<>"]+@[^\s@<>"]+$/i.test(target) : !isE164(target))) {
		throw invalid(
			ctx,
			`Dial "${target}" is not an E.164 number or a SIP address`,
			'Enter a number as + and country code, e.g. +15557654321, or a SIP address as sip:user@host.',
		);
	}
	return target;
}

/**
 * The verbs of the simple fields, in the order a caller meets them: the prompt (inside Gather when
 * digits are awaited), the recording, the dialled party, the hang-up.
 */
function simpleVerbs(ctx: AnswerContext, recordingCallback: string | undefined): CxmlVerb[] {
	const text = readString(ctx, 'say', 'Say');
	const voice = readString(ctx, 'voice', 'Voice') || undefined;
	const language = readString(ctx, 'language', 'Language') || undefined;
	const playUrl = readString(ctx, 'playUrl', 'Play URL');
	const digits = Number(ctx.getNodeParameter('gather', 0));
	const record = ctx.getNodeParameter('record', false) === true;
	const dial = readDialTarget(ctx);
	const hangUp = ctx.getNodeParameter('hangUp', true) === true;
	if (!Number.isInteger(digits) || digits < 0 || digits > MAX_GATHER_DIGITS) {
		throw invalid(
			ctx,
			`Gather Digits "${String(digits)}" must be a whole number from 0 to ${MAX_GATHER_DIGITS}`,
			'Enter how many digits to wait for, or 0 for none.',
		);
	}
	const verbs = promptVerbs({
		text,
		voice,
		language,
		playUrl: playUrl === '' ? '' : readUrl(ctx, 'playUrl', 'Play URL'),
		digits,
		gatherAction: () => readUrl(ctx, 'gatherAction', 'Gather Action URL'),
	});
	if (record) {
		const action = readString(ctx, 'recordAction', 'Record Action URL');
		verbs.push({
			verb: 'Record',
			action: action === '' ? undefined : readUrl(ctx, 'recordAction', 'Record Action URL'),
			recordingStatusCallback: recordingCallback,
		});
	}
	if (dial !== '') verbs.push({ verb: 'Dial', to: dial });
	if (hangUp) verbs.push({ verb: 'Hangup' });
	if (verbs.length === 0) {
		throw invalid(
			ctx,
			'The call would be answered with nothing',
			'Enter text in Say, a Play URL, digits to gather, Record Message, Dial or Hang Up; or answer with cXML.',
		);
	}
	return verbs;
}

/**
 * The cXML of Respond "Immediately": from the simple fields or the document the user wrote, refused
 * with the field named when SignalWire could not run it. `recordingCallback` is this trigger's URL
 * when it listens for recording statuses.
 */
export function immediateAnswer(ctx: AnswerContext, recordingCallback?: string): string {
	if (ctx.getNodeParameter('answerWith', 'say') !== 'cxml') {
		return buildCxml(simpleVerbs(ctx, recordingCallback));
	}
	const document = readString(ctx, 'cxml', 'cXML');
	const problem = document === '' ? 'it is empty' : cxmlProblem(document);
	if (problem) {
		throw invalid(
			ctx,
			`cXML is not valid cXML: ${problem}`,
			'Enter one well-formed XML document with a <Response> root, e.g. <Response><Say>Hello</Say></Response>. Escape & and < in text as &amp; and &lt;.',
		);
	}
	return document;
}

export function respondsWhenLastNodeFinishes(ctx: AnswerContext): boolean {
	const events = ctx.getNodeParameter('events', []) as string[];
	return events.includes('inboundCall') && ctx.getNodeParameter('respond', '') === 'lastNode';
}

interface EndableResponse {
	statusCode: number;
	headersSent: boolean;
	setHeader(name: string, value: string): unknown;
	removeHeader(name: string): void;
	end(...args: unknown[]): unknown;
}

function bodyText(chunk: unknown): string {
	if (typeof chunk === 'string') return chunk;
	return Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
}

/** Why n8n's answer is not one SignalWire can run; undefined when it is. */
function answerProblem(status: number, body: string): string | undefined {
	if (status < 200 || status > 299) return `n8n answered ${status}`;
	if (Buffer.byteLength(body, 'utf8') > MAX_CXML_BYTES) return 'the cXML is larger than 64 kB';
	const trimmed = body.trim();
	if (trimmed === '') return 'the cXML field is missing or empty';
	const problem = cxmlProblem(trimmed);
	return problem ? `the answer is not cXML (${problem})` : undefined;
}

/**
 * Respond "When Last Node Finishes" uses n8n's own webhook response mode `lastNode`: the description
 * asks for the first item's cXML field (`responsePropertyName`) as `text/xml`, and n8n writes it when
 * the run ends. What n8n 2.41 sends otherwise (cli webhook-helpers `executeWebhook` and the last-node
 * response extractor) would make SignalWire drop the call (error 12100, no retry): a failed run is 500
 * `{"message":"Error in workflow"}`, a last node without items a 500 error JSON, one that did not run a
 * JSON message, a missing field an empty body, an object its JSON. All of these, like the success, are
 * written with one `end()` on the response object n8n hands this trigger (`getResponseObject()`, the
 * same Express response), before any byte is sent. So the trigger wraps that `end()`: a 2xx answer
 * that is well-formed cXML of at most 64 kB goes out unchanged, anything else becomes a 200 apology.
 * n8n itself is left as it is: the run, its error and its execution log are n8n's as usual.
 */
export function guardLastNodeAnswer(
	ctx: IWebhookFunctions,
	res: WebhookResponse,
	callSid: string,
): void {
	const response = res as unknown as EndableResponse;
	const end = response.end.bind(response);
	response.end = (...args: unknown[]) => {
		const [first] = args;
		const chunk = typeof first === 'function' ? undefined : first;
		const problem = response.headersSent
			? undefined
			: answerProblem(response.statusCode, bodyText(chunk));
		if (problem === undefined) return end(...args);
		ctx.logger.warn(`SignalWire Trigger answered call ${callSid} with an apology: ${problem}`);
		const callback = args.find((arg) => typeof arg === 'function');
		const payload = Buffer.from(APOLOGY_CXML, 'utf8');
		response.statusCode = 200;
		response.removeHeader('etag');
		response.setHeader('content-type', 'text/xml; charset=utf-8');
		response.setHeader('content-length', String(payload.length));
		return callback ? end(payload, callback) : end(payload);
	};
}
