import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
} from 'n8n-workflow';

import { credentialProblem } from '../../shared/errors';
import {
	connectSignalWireForHook,
	SIGNALWIRE_CREDENTIAL_TYPE,
	type SignalWireConnection,
} from '../../shared/signalwire/connect';

/**
 * Automatic registration: the number's "when a message comes in" URL (SmsUrl), "when a call comes in"
 * URL (VoiceUrl) and call status callback (StatusCallback) are pointed at this trigger on activation,
 * each only for the events that need it, and given back on deactivation. What each was before is kept
 * in the workflow's static data, so a restart or a second activation never loses the user's own URL.
 */

interface IncomingNumber {
	sid: string;
	phone_number?: string;
	sms_url?: string | null;
	sms_method?: string | null;
	voice_url?: string | null;
	voice_method?: string | null;
	status_callback?: string | null;
	status_callback_method?: string | null;
}

/** A number setting the trigger may take over: its form fields and where the number's JSON shows it. */
interface Setting {
	url: 'SmsUrl' | 'VoiceUrl' | 'StatusCallback';
	method: 'SmsMethod' | 'VoiceMethod' | 'StatusCallbackMethod';
	read: (number: IncomingNumber) => { url: string; method: string };
	/** Static data keys of the value before; present only for settings the trigger took over. */
	previousUrl: 'previousSmsUrl' | 'previousVoiceUrl' | 'previousStatusCallback';
	previousMethod: 'previousSmsMethod' | 'previousVoiceMethod' | 'previousStatusCallbackMethod';
}

const SETTINGS: Record<'sms' | 'voice' | 'status', Setting> = {
	sms: {
		url: 'SmsUrl',
		method: 'SmsMethod',
		read: (n) => ({ url: n.sms_url ?? '', method: n.sms_method ?? 'POST' }),
		previousUrl: 'previousSmsUrl',
		previousMethod: 'previousSmsMethod',
	},
	voice: {
		url: 'VoiceUrl',
		method: 'VoiceMethod',
		read: (n) => ({ url: n.voice_url ?? '', method: n.voice_method ?? 'POST' }),
		previousUrl: 'previousVoiceUrl',
		previousMethod: 'previousVoiceMethod',
	},
	status: {
		url: 'StatusCallback',
		method: 'StatusCallbackMethod',
		read: (n) => ({ url: n.status_callback ?? '', method: n.status_callback_method ?? 'POST' }),
		previousUrl: 'previousStatusCallback',
		previousMethod: 'previousStatusCallbackMethod',
	},
};

interface Registration extends IDataObject {
	numberSid: string;
	phoneNumber: string;
	previousSmsUrl?: string;
	previousSmsMethod?: string;
	previousVoiceUrl?: string;
	previousVoiceMethod?: string;
	previousStatusCallback?: string;
	previousStatusCallbackMethod?: string;
}

/**
 * The settings the selected events need: messages the SmsUrl (also when no message event is selected
 * but no call event either, as before calls existed), inbound calls the VoiceUrl, call statuses the
 * number's StatusCallback. Recording statuses come from the Record verb, not from the number, so
 * they alone need no setting.
 */
function settingsFor(ctx: IHookFunctions): Setting[] {
	const events = ctx.getNodeParameter('events', []) as string[];
	const calls = ['inboundCall', 'callStatus', 'recordingStatus'].some((event) =>
		events.includes(event),
	);
	const messages = events.includes('inboundMessage') || events.includes('messageStatus');
	return [
		...(messages || !calls ? [SETTINGS.sms] : []),
		...(events.includes('inboundCall') ? [SETTINGS.voice] : []),
		...(events.includes('callStatus') ? [SETTINGS.status] : []),
	];
}

const E164 = /^\+[1-9]\d{6,14}$/;

function readPhoneNumber(ctx: IHookFunctions): string {
	const raw = ctx.getNodeParameter('phoneNumber', '', { extractValue: true }) as unknown;
	const phoneNumber = typeof raw === 'string' ? raw.replace(/[\s()-]/g, '') : '';
	if (!E164.test(phoneNumber)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Phone Number must be in E.164 form, e.g. +15550001111 (got "${String(raw)}")`,
			{
				description:
					'Enter the SignalWire number, with + and country code, in the "Phone Number" field.',
			},
		);
	}
	return phoneNumber;
}

async function connect(ctx: IHookFunctions): Promise<SignalWireConnection> {
	const credentials = await ctx.getCredentials(SIGNALWIRE_CREDENTIAL_TYPE);
	try {
		return connectSignalWireForHook(ctx, credentials);
	} catch (error) {
		throw credentialProblem(ctx, 0, error);
	}
}

/** A 401/403 from the numbers API means the token lacks the Numbers scope; the message says so. */
function numbersError(ctx: IHookFunctions, error: unknown): NodeApiError | NodeOperationError {
	const status = error instanceof NodeApiError ? error.httpCode : undefined;
	if (status === '401' || status === '403') {
		return new NodeOperationError(
			ctx.getNode(),
			`SignalWire refused to read or change the phone number (${status})`,
			{
				description:
					'Automatic registration needs an API token with the Numbers scope: give the token that scope in the SignalWire Dashboard (API > Tokens), or switch Registration to Manual and set the number\'s "When a message comes in" URL yourself.',
			},
		);
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error);
}

async function numbersRequest<T>(ctx: IHookFunctions, send: () => Promise<T>): Promise<T> {
	try {
		return await send();
	} catch (error) {
		throw numbersError(ctx, error);
	}
}

async function findNumber(
	ctx: IHookFunctions,
	connection: SignalWireConnection,
	phoneNumber: string,
): Promise<IncomingNumber> {
	const response = await numbersRequest(
		ctx,
		async () =>
			await connection.request<{ body: unknown }>({
				method: 'GET',
				path: ['IncomingPhoneNumbers'],
				suffix: '.json',
				query: { PhoneNumber: phoneNumber },
			}),
	);
	const list = (response.body as { incoming_phone_numbers?: IncomingNumber[] } | undefined)
		?.incoming_phone_numbers;
	const number = Array.isArray(list)
		? list.find((entry) => entry.phone_number === phoneNumber)
		: undefined;
	if (!number?.sid) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The phone number ${phoneNumber} is not a number of this SignalWire project`,
			{
				description:
					'Check the Phone Number, and that the credential is for the project that owns it.',
			},
		);
	}
	return number;
}

/** The official client's order of these fields, so both send the same bytes. */
const FORM_ORDER = [
	'SmsMethod',
	'SmsUrl',
	'StatusCallback',
	'StatusCallbackMethod',
	'VoiceMethod',
	'VoiceUrl',
];

async function updateNumber(
	ctx: IHookFunctions,
	connection: SignalWireConnection,
	numberSid: string,
	fields: Record<string, string>,
): Promise<void> {
	const form = Object.fromEntries(
		FORM_ORDER.filter((name) => name in fields).map((name) => [name, fields[name]!]),
	);
	await numbersRequest(
		ctx,
		async () =>
			await connection.request({
				method: 'POST',
				path: ['IncomingPhoneNumbers', numberSid],
				suffix: '.json',
				form,
			}),
	);
}

export async function isRegistered(ctx: IHookFunctions, webhookUrl: string): Promise<boolean> {
	const connection = await connect(ctx);
	const number = await findNumber(ctx, connection, readPhoneNumber(ctx));
	const settings = settingsFor(ctx);
	// Nothing to register still goes through create(), which checks the credential.
	return (
		settings.length > 0 &&
		settings.every((setting) => {
			const current = setting.read(number);
			return current.url === webhookUrl && current.method.toUpperCase() === 'POST';
		})
	);
}

export async function register(ctx: IHookFunctions, webhookUrl: string): Promise<void> {
	const phoneNumber = readPhoneNumber(ctx);
	const settings = settingsFor(ctx);
	const connection = await connect(ctx);
	const number = await findNumber(ctx, connection, phoneNumber);
	const staticData = ctx.getWorkflowStaticData('node');
	const kept = staticData.registration as Registration | undefined;
	const registration: Registration =
		kept?.numberSid === number.sid ? { ...kept } : { numberSid: number.sid, phoneNumber };
	const form: Record<string, string> = {};
	for (const setting of settings) {
		// Only the first registration of a setting remembers what was there: later ones would remember this trigger.
		if (registration[setting.previousUrl] === undefined) {
			const current = setting.read(number);
			registration[setting.previousUrl] = current.url;
			registration[setting.previousMethod] = current.method;
		}
		form[setting.url] = webhookUrl;
		form[setting.method] = 'POST';
	}
	staticData.registration = registration;
	if (settings.length > 0) await updateNumber(ctx, connection, number.sid, form);
}

export async function unregister(ctx: IHookFunctions, webhookUrl: string): Promise<void> {
	const staticData = ctx.getWorkflowStaticData('node');
	const registration = staticData.registration as Registration | undefined;
	if (!registration) return;
	const connection = await connect(ctx);
	const number = await findNumber(ctx, connection, registration.phoneNumber);
	const form: Record<string, string> = {};
	if (number.sid === registration.numberSid) {
		for (const setting of Object.values(SETTINGS)) {
			const previousUrl = registration[setting.previousUrl];
			// Someone pointed the number elsewhere since: that choice stays.
			if (previousUrl === undefined || setting.read(number).url !== webhookUrl) continue;
			form[setting.url] = previousUrl;
			form[setting.method] = registration[setting.previousMethod] ?? 'POST';
		}
	}
	if (Object.keys(form).length > 0) await updateNumber(ctx, connection, number.sid, form);
	delete staticData.registration;
}
