import { randomUUID } from 'crypto';
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { isLoopbackHostname } from '../endpoint';
import { isE164, readText, splitList } from '../validation';

/**
 * Protocol pieces every Call Automation operation shares: participant identifiers in the wire form of
 * `@azure/communication-call-automation`, the callback and WebSocket URLs ACS is given, and the
 * repeatability headers of the requests the API lets ACS deduplicate.
 */

type Cloud = 'public' | 'dod' | 'gcch';

const TEAMS_USER_PREFIXES: Record<string, { isAnonymous: boolean; cloud: Cloud }> = {
	'8:orgid:': { isAnonymous: false, cloud: 'public' },
	'8:dod:': { isAnonymous: false, cloud: 'dod' },
	'8:gcch:': { isAnonymous: false, cloud: 'gcch' },
	'8:teamsvisitor:': { isAnonymous: true, cloud: 'public' },
};
const TEAMS_APP_PREFIXES: Record<string, Cloud> = {
	'28:orgid:': 'public',
	'28:dod:': 'dod',
	'28:gcch:': 'gcch',
};
const ACS_USER_PREFIXES: Record<string, Cloud> = {
	'8:acs:': 'public',
	'8:dod-acs:': 'dod',
	'8:gcch-acs:': 'gcch',
};

/**
 * A participant as Call Automation takes it (`CommunicationIdentifierModel`: kind, rawId and one nested
 * model), from what a user types: an E.164 number (`+14255550123`, or its raw ID `4:+14255550123`), an
 * ACS user ID (`8:acs:…`), a Teams user (`8:orgid:…`) or a Teams app (`28:orgid:…`). Anything else is
 * undefined. The shapes are the ones the SDK serialises (communication-common's raw-ID rules: a raw ID
 * other than a phone number has exactly three `:`-separated parts, and an ACS ID whose last part has
 * three `_`-separated parts is a Teams Phone extension user).
 */
export function identifierFromText(text: string): IDataObject | undefined {
	const value = text.trim();
	const phone = value.startsWith('4:') ? value.slice(2) : value;
	if (isE164(phone)) {
		return {
			kind: 'phoneNumber',
			rawId: `4:${phone}`,
			phoneNumber: { value: phone, isAnonymous: false },
		};
	}
	const parts = value.split(':');
	if (parts.length !== 3) return undefined;
	const prefix = `${parts[0]}:${parts[1]}:`;
	const suffix = parts[2];
	if (suffix === '' || /\s/.test(suffix)) return undefined;
	if (prefix === '8:spool:') {
		return { kind: 'communicationUser', rawId: value, communicationUser: { id: value } };
	}
	const acsCloud = ACS_USER_PREFIXES[prefix];
	if (acsCloud) {
		const extension = suffix.split('_');
		if (extension.length !== 3) {
			return { kind: 'communicationUser', rawId: value, communicationUser: { id: value } };
		}
		const [resourceId, tenantId, userId] = extension;
		if (!resourceId || !tenantId || !userId) return undefined;
		return {
			kind: 'teamsExtensionUser',
			rawId: value,
			teamsExtensionUser: { userId, tenantId, resourceId, cloud: acsCloud },
		};
	}
	const teamsUser = TEAMS_USER_PREFIXES[prefix];
	if (teamsUser) {
		return {
			kind: 'microsoftTeamsUser',
			rawId: value,
			microsoftTeamsUser: { userId: suffix, ...teamsUser },
		};
	}
	const appCloud = TEAMS_APP_PREFIXES[prefix];
	if (appCloud) {
		return {
			kind: 'microsoftTeamsApp',
			rawId: value,
			microsoftTeamsApp: { appId: suffix, cloud: appCloud },
		};
	}
	return undefined;
}

export function isPhoneNumberIdentifier(identifier: IDataObject): boolean {
	return identifier.kind === 'phoneNumber';
}

function identifierProblem(ctx: IExecuteFunctions, itemIndex: number, label: string, text: string) {
	return new NodeOperationError(
		ctx.getNode(),
		text === ''
			? `${label} is empty`
			: `${label} "${text}" is neither a phone number nor an ACS or Teams ID`,
		{
			itemIndex,
			description:
				'Enter a phone number in E.164 form (e.g. +14255550123), an ACS user ID (8:acs:…), a Teams user ID (8:orgid:…) or a Teams app ID (28:orgid:…).',
		},
	);
}

/** One participant, read from a text parameter. */
export function readIdentifier(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
): IDataObject {
	const text = readText(ctx, itemIndex, parameter, label).trim();
	const identifier = identifierFromText(text);
	if (!identifier) throw identifierProblem(ctx, itemIndex, label, text);
	return identifier;
}

/**
 * Several participants: a list from an expression, or one text with the IDs separated by commas,
 * semicolons or line breaks. `optional` lets the list be empty.
 */
export function readIdentifiers(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
	{ optional = false }: { optional?: boolean } = {},
): IDataObject[] {
	const value = ctx.getNodeParameter(parameter, itemIndex, '') as unknown;
	const entries = Array.isArray(value)
		? value.map((entry) => String(entry).trim()).filter((text) => text !== '')
		: splitList(readText(ctx, itemIndex, parameter, label));
	if (entries.length === 0 && !optional) throw identifierProblem(ctx, itemIndex, label, '');
	return entries.map((text) => {
		const identifier = identifierFromText(text);
		if (!identifier) throw identifierProblem(ctx, itemIndex, label, text);
		return identifier;
	});
}

/**
 * A URL ACS calls or connects to: `secure` scheme, or the plain one to a loopback host (which only a
 * local emulator can reach, so nothing crosses a network unencrypted). Empty gives undefined unless
 * `required`.
 */
function readServiceFacingUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
	schemes: { secure: string; plain: string },
	why: string,
	required: boolean,
): string | undefined {
	const text = typeof value === 'string' ? value.trim() : '';
	if (value === undefined || value === null || (typeof value === 'string' && text === '')) {
		if (!required) return undefined;
		throw new NodeOperationError(ctx.getNode(), `${label} is empty`, {
			itemIndex,
			description: why,
		});
	}
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	const allowed =
		url !== undefined &&
		url.hostname !== '' &&
		(url.protocol === schemes.secure ||
			(url.protocol === schemes.plain && isLoopbackHostname(url.hostname)));
	if (!allowed) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} "${String(value)}" is not a${schemes.secure === 'https:' ? 'n https' : ' wss'} URL`,
			{ itemIndex, description: why },
		);
	}
	return text;
}

const CALLBACK_WHY =
	'ACS only delivers call events to https URLs: normally the Call Automation URL of an Azure Communication Services Trigger, with ?secret=<the trigger secret> appended.';

/** A callback URI for Call Automation events (required) or an operation's override of it (optional). */
export function readCallbackUri(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
	required = false,
): string | undefined {
	return readServiceFacingUrl(
		ctx,
		itemIndex,
		value,
		label,
		{ secure: 'https:', plain: 'http:' },
		CALLBACK_WHY,
		required,
	);
}

/** The WebSocket ACS streams a call's audio to. */
export function readWebSocketUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): string | undefined {
	return readServiceFacingUrl(
		ctx,
		itemIndex,
		value,
		label,
		{ secure: 'wss:', plain: 'ws:' },
		'ACS streams call audio only to secure WebSockets: enter the wss:// address of your media streaming service.',
		true,
	);
}

/**
 * The headers that make a POST repeatable (ACS repeatable requests): made once per item and sent
 * unchanged on every retry of it, so ACS recognises a retry after a lost response and does not carry
 * it out twice.
 */
export function repeatabilityHeaders(now = new Date()): IDataObject {
	return {
		'repeatability-request-id': randomUUID(),
		'repeatability-first-sent': now.toUTCString(),
	};
}

/**
 * A callback URL as an output item shows it: the ACS Trigger's `secret` query parameter masked, so
 * execution data never holds the webhook secret (ACS echoes the callback URI in call connections).
 */
export function maskTriggerSecret(url: unknown): unknown {
	if (typeof url !== 'string' || !URL.canParse(url)) return url;
	const parsed = new URL(url);
	if (!parsed.searchParams.has('secret')) return url;
	parsed.searchParams.set('secret', '***');
	return parsed.href;
}
