/* eslint-disable @n8n/community-nodes/require-node-api-error -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import {
	acsError,
	decodeSegment,
	isRecord,
	parseJsonBody,
	type EmuResponse,
	type RequestContext,
} from '../http';
import { checkApiVersion } from './apiVersions';
import { authenticateService } from './auth';
import type { SimCall } from './callSimulator';
import { repeatable } from './repeatability';

/**
 * Call Automation request handling shared by calls, media and recordings: the auth → api-version →
 * repeatability → handler pipeline, the wire models and the checks the service applies to them
 * (swagger 2026-03-12 and communication-common's identifier model). Errors: a body that breaks the schema answers 400
 * `BadRequest` (as every ACS API validates its models); a service rule answers with the numeric
 * subcode as the error code text, as Call Automation does (`{"error":{"code":"8523","message":…}}`).
 */

interface IdentifierModel {
	kind?: string;
	rawId?: string;
	communicationUser?: { id: string };
	phoneNumber?: { value: string; isAnonymous?: boolean; assertedId?: string };
	microsoftTeamsUser?: { userId: string; isAnonymous?: boolean; cloud?: string };
	microsoftTeamsApp?: { appId: string; cloud?: string };
}

/** An identifier as the service answers it: `kind` and `rawId` always set. */
export type ResolvedIdentifier = IdentifierModel & { kind: string; rawId: string };

export class BadRequest extends Error {
	constructor(
		message: string,
		readonly code = 'BadRequest',
		readonly status = 400,
	) {
		super(message);
	}
}

export function serviceError(status: number, subcode: number, message: string): EmuResponse {
	return acsError(status, String(subcode), message);
}

const callNotFound = (): EmuResponse => serviceError(404, 8522, 'Call not found.');

/** Run a handler whose validation throws BadRequest; anything else is the emulator's own bug. */
async function guarded(run: () => EmuResponse | Promise<EmuResponse>): Promise<EmuResponse> {
	try {
		return await run();
	} catch (error) {
		if (error instanceof BadRequest) return acsError(error.status, error.code, error.message);
		throw error;
	}
}

type CallHandler = (ctx: RequestContext, call: SimCall) => EmuResponse | Promise<EmuResponse>;

function guard(ctx: RequestContext): EmuResponse | undefined {
	return checkApiVersion(ctx, 'calling') ?? authenticateService(ctx);
}

/** Auth, api-version, then (for repeatable operations) Repeatability-Request-ID, then the handler. */
export function handle(
	ctx: RequestContext,
	run: () => EmuResponse | Promise<EmuResponse>,
	options: { repeatable?: boolean } = {},
): Promise<EmuResponse> | EmuResponse {
	const denied = guard(ctx);
	if (denied) return denied;
	return options.repeatable ? repeatable(ctx, () => guarded(run)) : guarded(run);
}

/** As handle(), for `/calling/callConnections/{id}…`: an unknown or ended call is 404/8522. */
export function onCall(
	ctx: RequestContext,
	rawCallConnectionId: string,
	run: CallHandler,
	options: { repeatable?: boolean } = {},
): Promise<EmuResponse> | EmuResponse {
	return handle(
		ctx,
		() => {
			const call = ctx.env.calls.live(decodeSegment(rawCallConnectionId));
			return call ? run(ctx, call) : callNotFound();
		},
		options,
	);
}

export function jsonObject(ctx: RequestContext, required: boolean): Record<string, unknown> {
	const body = parseJsonBody(ctx);
	if (!body.ok) throw new BadRequest('The request body is not valid JSON.');
	if (body.value === undefined) {
		if (required) throw new BadRequest('The request body is required.');
		return {};
	}
	if (!isRecord(body.value)) throw new BadRequest('The request body must be a JSON object.');
	return body.value;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw new BadRequest(`${field} must be a string.`);
	return value;
}

export function requiredString(body: Record<string, unknown>, field: string): string {
	const value = optionalString(body, field);
	if (value === undefined || value === '') throw new BadRequest(`${field} is required.`);
	return value;
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'boolean') throw new BadRequest(`${field} must be a boolean.`);
	return value;
}

export function optionalInteger(
	body: Record<string, unknown>,
	field: string,
	min: number,
	max: number,
): number | undefined {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
		throw new BadRequest(`${field} must be an integer from ${min} to ${max}.`);
	return value;
}

export function optionalEnum<T extends string>(
	body: Record<string, unknown>,
	field: string,
	values: readonly T[],
): T | undefined {
	const value = optionalString(body, field);
	if (value === undefined) return undefined;
	if (!(values as readonly string[]).includes(value))
		throw new BadRequest(`${field} must be one of ${values.join(', ')}; got '${value}'.`);
	return value as T;
}

export function optionalRecord(
	body: Record<string, unknown>,
	field: string,
): Record<string, unknown> | undefined {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (!isRecord(value)) throw new BadRequest(`${field} must be an object.`);
	return value;
}

export function optionalArray(body: Record<string, unknown>, field: string): unknown[] | undefined {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) throw new BadRequest(`${field} must be an array.`);
	return value;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackUrl(url: URL): boolean {
	return LOOPBACK.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

/**
 * Callback and operation callback URIs: absolute https, like the service; http is accepted for
 * loopback hosts only, because tests and a local n8n listen there.
 */
export function callbackUrl(
	body: Record<string, unknown>,
	field: string,
	required: boolean,
): string | undefined {
	const value = required ? requiredString(body, field) : optionalString(body, field);
	if (value === undefined) return undefined;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new BadRequest(`${field} must be an absolute https URL.`);
	}
	if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url))) return value;
	throw new BadRequest(`${field} must be an absolute https URL.`);
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Checks an identifier in any shape the SDK sends (`kind` may be missing, as in `playTo`) and
 * answers it with `kind` and `rawId`. Phone, ACS user, Teams user and Teams app identifiers only.
 */
export function identifier(value: unknown, field: string): ResolvedIdentifier {
	if (!isRecord(value)) throw new BadRequest(`${field} must be a communication identifier.`);
	const model = value as IdentifierModel;
	if (isRecord(model.phoneNumber)) {
		const phone = model.phoneNumber.value;
		if (typeof phone !== 'string' || !E164.test(phone))
			throw new BadRequest(`${field}.phoneNumber.value must be an E.164 phone number.`);
		return {
			kind: 'phoneNumber',
			rawId: `4:${phone}`,
			phoneNumber: { value: phone },
		};
	}
	if (isRecord(model.communicationUser)) {
		const id = model.communicationUser.id;
		if (typeof id !== 'string' || !/^8:acs:/.test(id))
			throw new BadRequest(`${field}.communicationUser.id must be an ACS user ID (8:acs:…).`);
		return { kind: 'communicationUser', rawId: id, communicationUser: { id } };
	}
	if (isRecord(model.microsoftTeamsUser)) {
		const { userId, isAnonymous, cloud } = model.microsoftTeamsUser;
		if (typeof userId !== 'string' || userId === '')
			throw new BadRequest(`${field}.microsoftTeamsUser.userId is required.`);
		const rawId =
			typeof model.rawId === 'string' && model.rawId !== ''
				? model.rawId
				: isAnonymous
					? `8:teamsvisitor:${userId}`
					: `8:orgid:${userId}`;
		return {
			kind: 'microsoftTeamsUser',
			rawId,
			microsoftTeamsUser: { userId, isAnonymous: isAnonymous ?? false, cloud: cloud ?? 'public' },
		};
	}
	if (isRecord(model.microsoftTeamsApp)) {
		const { appId, cloud } = model.microsoftTeamsApp;
		if (typeof appId !== 'string' || appId === '')
			throw new BadRequest(`${field}.microsoftTeamsApp.appId is required.`);
		return {
			kind: 'microsoftTeamsApp',
			rawId: `28:orgid:${appId}`,
			microsoftTeamsApp: { appId, cloud: cloud ?? 'public' },
		};
	}
	throw new BadRequest(
		`${field} must be a phone number, ACS user, Teams user or Teams app identifier.`,
	);
}

export function phoneIdentifier(phone: string): ResolvedIdentifier {
	return { kind: 'phoneNumber', rawId: `4:${phone}`, phoneNumber: { value: phone } };
}

export function userIdentifier(id: string): ResolvedIdentifier {
	return { kind: 'communicationUser', rawId: id, communicationUser: { id } };
}

/** `{value: "+1…"}` (sourceCallerIdNumber, answeredFor). */
export function phoneNumberModel(value: unknown, field: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (!isRecord(value) || typeof value.value !== 'string' || !E164.test(value.value))
		throw new BadRequest(`${field}.value must be an E.164 phone number.`);
	return value.value;
}

const DTMF_TONES = [
	'zero',
	'one',
	'two',
	'three',
	'four',
	'five',
	'six',
	'seven',
	'eight',
	'nine',
	'a',
	'b',
	'c',
	'd',
	'pound',
	'asterisk',
] as const;
export type DtmfTone = (typeof DTMF_TONES)[number];

export function tones(value: unknown, field: string, required: boolean): DtmfTone[] | undefined {
	if (value === undefined || value === null) {
		if (required) throw new BadRequest(`${field} is required.`);
		return undefined;
	}
	if (!Array.isArray(value) || (required && value.length === 0))
		throw new BadRequest(`${field} must be a non-empty array of tones.`);
	for (const tone of value)
		if (typeof tone !== 'string' || !(DTMF_TONES as readonly string[]).includes(tone))
			throw new BadRequest(`${field} must hold tones (${DTMF_TONES.join(', ')}).`);
	return value as DtmfTone[];
}
