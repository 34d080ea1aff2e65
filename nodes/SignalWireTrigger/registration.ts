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
 * Automatic registration: the number's "when a message comes in" URL (SmsUrl) is pointed at this
 * trigger on activation and given back on deactivation. What it was before is kept in the workflow's
 * static data, so a restart or a second activation never loses the user's own URL.
 */

interface IncomingNumber {
	sid: string;
	phone_number?: string;
	sms_url?: string | null;
	sms_method?: string | null;
}

interface Registration extends IDataObject {
	numberSid: string;
	phoneNumber: string;
	previousSmsUrl: string;
	previousSmsMethod: string;
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

async function setSmsUrl(
	ctx: IHookFunctions,
	connection: SignalWireConnection,
	numberSid: string,
	smsUrl: string,
	smsMethod: string,
): Promise<void> {
	await numbersRequest(
		ctx,
		async () =>
			await connection.request({
				method: 'POST',
				path: ['IncomingPhoneNumbers', numberSid],
				suffix: '.json',
				form: { SmsUrl: smsUrl, SmsMethod: smsMethod },
			}),
	);
}

export async function isRegistered(ctx: IHookFunctions, webhookUrl: string): Promise<boolean> {
	const connection = await connect(ctx);
	const number = await findNumber(ctx, connection, readPhoneNumber(ctx));
	return number.sms_url === webhookUrl && (number.sms_method ?? 'POST').toUpperCase() === 'POST';
}

export async function register(ctx: IHookFunctions, webhookUrl: string): Promise<void> {
	const phoneNumber = readPhoneNumber(ctx);
	const connection = await connect(ctx);
	const number = await findNumber(ctx, connection, phoneNumber);
	const staticData = ctx.getWorkflowStaticData('node');
	const kept = staticData.registration as Registration | undefined;
	// Only the first registration of a number remembers what was there: later ones would remember this trigger.
	if (kept?.numberSid !== number.sid) {
		const registration: Registration = {
			numberSid: number.sid,
			phoneNumber,
			previousSmsUrl: number.sms_url ?? '',
			previousSmsMethod: number.sms_method ?? 'POST',
		};
		staticData.registration = registration;
	}
	await setSmsUrl(ctx, connection, number.sid, webhookUrl, 'POST');
}

export async function unregister(ctx: IHookFunctions, webhookUrl: string): Promise<void> {
	const staticData = ctx.getWorkflowStaticData('node');
	const registration = staticData.registration as Registration | undefined;
	if (!registration) return;
	const connection = await connect(ctx);
	const number = await findNumber(ctx, connection, registration.phoneNumber);
	// Someone pointed the number elsewhere since: that choice stays.
	if (number.sid === registration.numberSid && number.sms_url === webhookUrl) {
		await setSmsUrl(
			ctx,
			connection,
			number.sid,
			registration.previousSmsUrl,
			registration.previousSmsMethod,
		);
	}
	delete staticData.registration;
}
