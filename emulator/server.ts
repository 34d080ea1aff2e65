/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EmulatorEnv } from './env';
import type { Fault, FaultKind, Faults } from './faults';
import {
	acsError,
	isStreamBody,
	json,
	oauthError,
	swError,
	type EmuResponse,
	type RequestContext,
	type Route,
	type Router,
} from './http';

const MAX_REQUEST_BODY = 16 * 1024 * 1024;

export interface RecordedRequest {
	endpoint: string;
	method: string;
	/** Raw path as received, percent-encoding preserved. */
	path: string;
	/** Raw query string as received, without '?'. */
	query: string;
	/** Lower-cased header names, as Node reports them. */
	headers: Record<string, string | string[]>;
	body: Buffer;
	/** Status sent; 0 when the connection was dropped or left hanging before any response. */
	status: number;
	fault?: FaultKind;
}

/** Request log and per-endpoint counters shared by the three servers. */
export class Recorder {
	log: RecordedRequest[] = [];
	private tally = new Map<string, number>();

	record(entry: RecordedRequest, extraKeys: string[]): void {
		this.log.push(entry);
		for (const key of [entry.endpoint, ...extraKeys, 'total'])
			this.tally.set(key, (this.tally.get(key) ?? 0) + 1);
	}

	counts(): Record<string, number> {
		return Object.fromEntries(this.tally);
	}

	reset(): void {
		this.log = [];
		this.tally.clear();
	}
}

export interface ServerRole {
	router: Router;
	/** Route for anything the router does not know. */
	fallback: (method: string, rawPath: string) => Route;
	/** Also count `<endpoint>.authorization` when an Authorization header arrives (file/foreign hosts). */
	countAuthorization?: boolean;
}

export interface Shared {
	env: () => EmulatorEnv;
	faults: Faults;
	recorder: Recorder;
	/** Aborted on close() so delayed (latency/slow) responses do not outlive the emulator. */
	shutdown: AbortSignal;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_REQUEST_BODY) chunks.push(chunk);
		});
		req.on('end', () => resolve(size <= MAX_REQUEST_BODY ? Buffer.concat(chunks) : undefined));
		req.on('error', reject);
	});
}

const FAULT_STATUS: Partial<
	Record<FaultKind, { status: number; acs: string; sw: number; text: string }>
> = {
	'401': {
		status: 401,
		acs: 'InvalidAuthenticationToken',
		sw: 20003,
		text: 'The access token has been revoked.',
	},
	'429': { status: 429, acs: 'TooManyRequests', sw: 20429, text: 'Rate limit exceeded.' },
	'503': {
		status: 503,
		acs: 'ServiceUnavailable',
		sw: 20503,
		text: 'The server is currently unable to handle the request.',
	},
	'500': {
		status: 500,
		acs: 'InternalServerError',
		sw: 20500,
		text: 'An internal server error occurred.',
	},
	'408': { status: 408, acs: 'RequestTimeout', sw: 20408, text: 'The request timed out.' },
};

/** An error response in the shape of the endpoint's service, with the Retry-After family of headers. */
function faultResponse(endpoint: string, fault: Fault): EmuResponse {
	const spec = FAULT_STATUS[fault.kind]!;
	const headers: Record<string, string> = {};
	if (spec.status === 429 || spec.status === 503) {
		if (fault.retryAfterMs !== undefined) {
			headers['retry-after-ms'] = String(fault.retryAfterMs);
			headers['x-ms-retry-after-ms'] = String(fault.retryAfterMs);
		}
		if (fault.retryAfterDate) {
			headers['Retry-After'] = new Date(
				Date.now() + (fault.retryAfterSeconds ?? 1) * 1000,
			).toUTCString();
		} else if (fault.retryAfterSeconds !== undefined) {
			headers['Retry-After'] = String(fault.retryAfterSeconds);
		} else if (fault.retryAfterMs === undefined) {
			headers['Retry-After'] = '1';
		}
	}
	let response: EmuResponse;
	if (endpoint.startsWith('acs.') || endpoint.startsWith('arm.'))
		response = acsError(spec.status, spec.acs, spec.text);
	else if (endpoint.startsWith('sw.') || endpoint.startsWith('signalwire.'))
		response = swError(spec.status, spec.sw, spec.text);
	else if (endpoint.startsWith('entra.'))
		response = oauthError(spec.status, 'temporarily_unavailable', `AADSTS90033: ${spec.text}`);
	else
		response = {
			status: spec.status,
			headers: { 'Content-Type': 'text/plain' },
			body: Buffer.from(spec.text),
		};
	return { ...response, headers: { ...response.headers, ...headers } };
}

/** Write the first `limit` bytes of the body after announcing its full length, then cut the connection. */
async function writeTruncated(res: ServerResponse, r: EmuResponse): Promise<void> {
	const body = r.body ?? Buffer.alloc(0);
	const length = body.length;
	res.writeHead(r.status, { ...r.headers, 'Content-Length': String(Math.max(length, 1)) });
	let left = Math.floor(length / 2);
	const source = isStreamBody(body) ? body.open() : Readable.from([body]);
	for await (const chunk of source as AsyncIterable<Buffer>) {
		if (left <= 0) break;
		const part = chunk.subarray(0, left);
		left -= part.length;
		if (!res.write(part)) await new Promise((resolve) => res.once('drain', resolve));
	}
	source.destroy();
	await new Promise<void>((resolve) => res.write('', () => resolve()));
	res.socket?.destroy();
}

function writeResponse(res: ServerResponse, r: EmuResponse): void {
	const headers: Record<string, string> = { ...r.headers };
	const body = r.body ?? Buffer.alloc(0);
	if (!r.chunked) headers['Content-Length'] = String(body.length);
	res.writeHead(r.status, headers);
	if (!isStreamBody(body)) {
		res.end(body);
		return;
	}
	const source = body.open();
	source.pipe(res);
	// A client that aborts mid-download must not leave the generator running.
	res.on('close', () => source.destroy());
}

async function handle(
	role: ServerRole,
	shared: Shared,
	req: IncomingMessage,
	res: ServerResponse,
): Promise<void> {
	const env = shared.env();
	const rawUrl = req.url ?? '/';
	const q = rawUrl.indexOf('?');
	const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
	const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
	const method = (req.method ?? 'GET').toUpperCase();
	const body = await readBody(req);
	const route = role.router(method, rawPath) ?? role.fallback(method, rawPath);

	const entry: RecordedRequest = {
		endpoint: route.endpoint,
		method,
		path: rawPath,
		query: rawQuery,
		headers: { ...(req.headers as Record<string, string | string[]>) },
		body: body ?? Buffer.alloc(0),
		status: 0,
	};
	const extra =
		role.countAuthorization && req.headers.authorization !== undefined
			? [`${route.endpoint}.authorization`]
			: [];
	shared.recorder.record(entry, extra);
	res.on('close', () => {
		entry.status = res.headersSent ? res.statusCode : 0;
	});

	const fault = shared.faults.take(route.endpoint);
	if (fault) entry.fault = fault.kind;
	if (fault?.kind === 'drop') {
		req.socket.destroy();
		return;
	}
	if (fault?.kind === 'hang') return; // close() destroys the connection
	if (env.options.latencyMs > 0)
		await sleep(env.options.latencyMs, undefined, { signal: shared.shutdown });
	if (fault?.kind === 'slow')
		await sleep(fault.delayMs ?? 2000, undefined, { signal: shared.shutdown });
	if (fault && FAULT_STATUS[fault.kind]) {
		writeResponse(res, faultResponse(route.endpoint, fault));
		return;
	}

	const ctx: RequestContext = {
		method,
		rawPath,
		rawQuery,
		query: new URLSearchParams(rawQuery),
		headers: req.headers,
		body: entry.body,
		env,
	};
	const response =
		body === undefined
			? json(413, { error: { code: 'RequestEntityTooLarge', message: 'Request body too large.' } })
			: await route.handle(ctx);
	if (fault?.kind === 'truncate') await writeTruncated(res, response);
	else writeResponse(res, response);
}

export async function startServer(
	role: ServerRole,
	shared: Shared,
	host: string,
	port: number,
): Promise<{ server: Server; url: string }> {
	const server = createServer((req, res) => {
		handle(role, shared, req, res).catch((error: unknown) => {
			if (shared.shutdown.aborted) return;
			if (!res.headersSent) {
				writeResponse(
					res,
					json(500, {
						error: {
							code: 'EmulatorError',
							message: error instanceof Error ? error.message : String(error),
						},
					}),
				);
			} else {
				res.destroy();
			}
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve());
	});
	const { port: actual } = server.address() as AddressInfo;
	const hostPart = host.includes(':') ? `[${host}]` : host;
	return { server, url: `http://${hostPart}:${actual}` };
}

export function stopServer(server: Server): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}
