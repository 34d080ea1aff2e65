/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { EmulatorEnv } from './env';

/** A body produced lazily (large media); `length` lets the truncate fault announce the full size. */
export interface StreamBody {
	length: number;
	open: () => Readable;
}

/** Handlers describe the response; server.ts writes it so faults and latency apply uniformly. */
export interface EmuResponse {
	status: number;
	headers?: Record<string, string>;
	body?: Buffer | StreamBody;
	/** Omit Content-Length and use chunked transfer encoding (ACS media downloads do this). */
	chunked?: boolean;
}

export interface RequestContext {
	method: string;
	/** Path exactly as received, percent-encoding preserved. */
	rawPath: string;
	/** Query string exactly as received, without the '?'. */
	rawQuery: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: Buffer;
	env: EmulatorEnv;
}

export type Handler = (ctx: RequestContext) => EmuResponse | Promise<EmuResponse>;

export interface Route {
	/** Endpoint key used by counts(), requests() and fault matching, e.g. 'acs.media.get'. */
	endpoint: string;
	handle: Handler;
}

export type Router = (method: string, rawPath: string) => Route | undefined;

export function isStreamBody(body: EmuResponse['body']): body is StreamBody {
	return body !== undefined && !Buffer.isBuffer(body);
}

export function json(
	status: number,
	value: unknown,
	headers: Record<string, string> = {},
): EmuResponse {
	return {
		status,
		headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
		body: Buffer.from(JSON.stringify(value)),
	};
}

export function empty(status: number, headers: Record<string, string> = {}): EmuResponse {
	return { status, headers, body: Buffer.alloc(0) };
}

/** ACS error shape (Azure.Core.Foundations.ErrorResponse) plus the x-ms-error-code header. */
export function acsError(
	status: number,
	code: string,
	message: string,
	headers: Record<string, string> = {},
): EmuResponse {
	return json(status, { error: { code, message } }, { 'x-ms-error-code': code, ...headers });
}

const SW_MORE_INFO = 'https://developer.signalwire.com/compatibility-api/reference/error-codes';

/** SignalWire (Twilio-compatible) error shape. */
export function swError(
	status: number,
	code: number,
	message: string,
	headers: Record<string, string> = {},
): EmuResponse {
	return json(status, { code, message, more_info: SW_MORE_INFO, status }, headers);
}

/** OAuth 2.0 / Entra v2 error shape. */
export function oauthError(status: number, error: string, description: string): EmuResponse {
	return json(status, {
		error,
		error_description: description,
		error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)],
		timestamp: new Date()
			.toISOString()
			.replace('T', ' ')
			.replace(/\.\d+Z$/, 'Z'),
	});
}

/** Decode one percent-encoding layer; undefined when the segment is malformed. */
export function decodeSegment(segment: string): string | undefined {
	try {
		return decodeURIComponent(segment);
	} catch {
		return undefined;
	}
}

export function header(ctx: RequestContext, name: string): string | undefined {
	const value = ctx.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

export function parseJsonBody(ctx: RequestContext): { ok: true; value: unknown } | { ok: false } {
	if (ctx.body.length === 0) return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(ctx.body.toString('utf8')) as unknown };
	} catch {
		return { ok: false };
	}
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
