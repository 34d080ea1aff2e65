import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { parameterValue, readParameter } from './parametersPerRun';

/** IDs longer than this are not IDs any of these services issue; refusing them keeps URLs sane. */
const MAX_ID_LENGTH = 1024;

/**
 * Reads an ID parameter and checks it before anything is sent. Numbers from expressions are accepted
 * (chat message IDs are numeric); anything else that is not text is refused, naming the field.
 */
export function readId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
): string {
	const value = readParameter(ctx, parameter, itemIndex);
	const fail = (problem: string) =>
		new NodeOperationError(ctx.getNode(), `${label} ${problem}`, {
			itemIndex,
			description: `Check the "${label}" field of item ${itemIndex}. If it comes from an expression, check what the expression returns.`,
		});
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') {
		throw fail(
			`must be text, but it is ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}`,
		);
	}
	const id = value.trim();
	if (id === '') throw fail('is empty');
	if (id.length > MAX_ID_LENGTH)
		throw fail(`is too long (${id.length} characters; at most ${MAX_ID_LENGTH})`);
	// Checked on the raw value: a trailing line break is a sign of a wrong expression, not padding to trim.
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(value))
		throw fail('contains a line break or another control character');
	if (id === '.' || id === '..') throw fail(`cannot be "${id}"`);
	return id;
}

/** Encodes an ID as exactly one path segment: `/`, `?`, `#` and `%` cannot change the path or query. */
export function pathSegment(id: string): string {
	return encodeURIComponent(id);
}

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Reads a text parameter; expressions that return numbers are taken as their text. */
export function readText(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
	fallback = '',
): string {
	const value = parameterValue(ctx, parameter, itemIndex, fallback);
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be text, but it is ${describeType(value)}`,
			{
				itemIndex,
				description: `Check the "${label}" field of item ${itemIndex}. If it comes from an expression, check what the expression returns.`,
			},
		);
	}
	return value;
}

/**
 * The entries of a list typed as one text (separated by commas, semicolons or line breaks), trimmed,
 * without empty ones.
 */
export function splitList(text: string): string[] {
	return text
		.split(/[,;\r\n]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/** E.164: a plus, then up to 15 digits, the first not 0. */
const E164 = /^\+[1-9]\d{6,14}$/;

/** Whether a text is a phone number in E.164 form (with the +). */
export function isE164(value: string): boolean {
	return E164.test(value);
}

/**
 * A phone number in E.164 form. `plusOptional` also takes the digits without the `+` (ACS echoes
 * numbers in that form in its events and examples); the value is sent as written.
 */
export function readPhoneNumber(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
	plusOptional = false,
): string {
	const number = readText(ctx, itemIndex, parameter, label).trim();
	const fail = (problem: string) =>
		new NodeOperationError(ctx.getNode(), `${label} ${problem}`, {
			itemIndex,
			description: `Enter one phone number in E.164 form: a + followed by the country code and number, without spaces, e.g. +14255550123${plusOptional ? ' (the + may be left out)' : ''}.`,
		});
	if (number === '') throw fail('is empty');
	if (!E164.test(plusOptional && !number.startsWith('+') ? `+${number}` : number))
		throw fail(`"${number}" is not a phone number in E.164 form`);
	return number;
}

/** An absolute https URL, given as text. */
export function parseHttpsUrl(value: string): URL | undefined {
	try {
		const url = new URL(value);
		return url.protocol === 'https:' && url.hostname !== '' ? url : undefined;
	} catch {
		return undefined;
	}
}

/**
 * A media URL the service fetches itself: absolute and https. An n8n file (a binary field's name, or
 * its data from an expression) is refused with a way out, since these services take no uploads.
 */
export function readMediaUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
	serviceName: string,
): string {
	const item = ctx.getInputData()[itemIndex];
	const text = typeof value === 'string' ? value.trim() : '';
	const namesBinary = text !== '' && item?.binary?.[text] !== undefined;
	const isBinaryData =
		typeof value === 'object' && value !== null && ('mimeType' in value || 'data' in value);
	if (namesBinary || isBinaryData) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a public URL, not an n8n file`, {
			itemIndex,
			description: `${serviceName} downloads the media itself from a public https URL and has no upload. Put the file somewhere the service can fetch it (e.g. upload it to cloud storage with a node that returns a link, or pass on the URL the file came from) and enter that URL.`,
		});
	}
	if (typeof value !== 'string') {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be text, but it is ${describeType(value)}`,
			{ itemIndex },
		);
	}
	if (text === '') throw new NodeOperationError(ctx.getNode(), `${label} is empty`, { itemIndex });
	if (!parseHttpsUrl(text)) {
		throw new NodeOperationError(ctx.getNode(), `${label} "${text}" is not an https URL`, {
			itemIndex,
			description: `${serviceName} fetches media only from public https URLs, e.g. https://example.com/photo.jpg.`,
		});
	}
	return text;
}
