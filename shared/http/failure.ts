/**
 * What went wrong with one HTTP attempt, read from whatever n8n's request helpers threw (an AxiosError,
 * possibly wrapped in a NodeApiError's `cause`). Only status, headers, body and error code are kept:
 * the request config (with its Authorization header) is deliberately dropped.
 */
export type HttpFailure =
	| { kind: 'status'; status: number; headers: Record<string, string>; body: unknown }
	| { kind: 'network'; code: string; message: string; requestMayHaveBeenSent: boolean };

/** Codes that mean the connection never carried the request. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EADDRNOTAVAIL',
]);
const NETWORK_CODES = new Set([
	...NOT_SENT_CODES,
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'ERR_STREAM_PREMATURE_CLOSE',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
]);

interface AxiosLike {
	code?: unknown;
	message?: unknown;
	response?: { status?: unknown; headers?: unknown; data?: unknown };
	cause?: unknown;
}

function headerRecord(headers: unknown): Record<string, string> {
	const record: Record<string, string> = {};
	if (!headers || typeof headers !== 'object') return record;
	for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
		if (value !== undefined && value !== null)
			record[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return record;
}

export function classifyFailure(error: unknown): HttpFailure | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const candidate = current as AxiosLike;
		// A success status whose body then broke off: the exchange failed like a dropped connection.
		if (
			candidate.response &&
			typeof candidate.response.status === 'number' &&
			candidate.response.status < 400
		) {
			return {
				kind: 'network',
				code: 'ERR_STREAM_PREMATURE_CLOSE',
				message: 'The response ended before it was complete',
				requestMayHaveBeenSent: true,
			};
		}
		if (candidate.response && typeof candidate.response.status === 'number') {
			return {
				kind: 'status',
				status: candidate.response.status,
				headers: headerRecord(candidate.response.headers),
				body: candidate.response.data,
			};
		}
		const code = typeof candidate.code === 'string' ? candidate.code : undefined;
		if (code && NETWORK_CODES.has(code)) {
			return {
				kind: 'network',
				code,
				message: typeof candidate.message === 'string' ? candidate.message : code,
				requestMayHaveBeenSent: !NOT_SENT_CODES.has(code),
			};
		}
		if (candidate.message === 'aborted' || candidate.message === 'socket hang up') {
			return {
				kind: 'network',
				code: 'ECONNRESET',
				message: String(candidate.message),
				requestMayHaveBeenSent: true,
			};
		}
		current = candidate.cause;
	}
	return undefined;
}
