/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { createHash, createHmac } from 'node:crypto';
import { createServer, request } from 'node:http';
import {
	createDefaultHttpClient,
	type HttpClient,
	type PipelinePolicy,
} from '@azure/core-rest-pipeline';
import { RestClient } from '@signalwire/compatibility-api';
import { EventGridDeserializer } from '@azure/eventgrid';
import { deliver, type DeliveryKind, type DeliveryOptions, type Emulator } from '../../emulator';

export interface RawResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

/** A raw HTTP request (node:http), so tests control every byte of path, query and headers. */
export function rawRequest(
	url: string,
	init: {
		method?: string;
		path?: string;
		headers?: Record<string, string>;
		body?: Buffer | string;
	} = {},
): Promise<RawResponse> {
	const target = new URL(url);
	return new Promise((resolve, reject) => {
		const req = request(
			{
				host: target.hostname,
				port: target.port,
				method: init.method ?? 'GET',
				path: init.path ?? `${target.pathname}${target.search}`,
				headers: init.headers,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks),
					}),
				);
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.end(init.body);
	});
}

export function contentHash(body: Buffer | string): string {
	return createHash('sha256').update(body).digest('base64');
}

/**
 * An independent HMAC-SHA256 signer (checked against the SDK's published vectors in acs-auth.test.ts),
 * used to build correctly signed requests and then tamper with exactly one part.
 */
export function signHmac(opts: {
	accessKey: string;
	method: string;
	pathAndQuery: string;
	host: string;
	date: string;
	contentHash: string;
}): string {
	const stringToSign = `${opts.method}\n${opts.pathAndQuery}\n${opts.date};${opts.host};${opts.contentHash}`;
	const signature = createHmac('sha256', Buffer.from(opts.accessKey, 'base64'))
		.update(stringToSign)
		.digest('base64');
	return `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`;
}

/** Signed request to the emulator; `tamper` may change any header or the body after signing. */
export function hmacRequest(
	baseUrl: string,
	accessKey: string,
	init: {
		method?: string;
		pathAndQuery: string;
		body?: string;
		date?: Date;
		signedPathAndQuery?: string;
	},
	tamper: (headers: Record<string, string>) => {
		headers?: Record<string, string>;
		body?: string;
	} = () => ({}),
): Promise<RawResponse> {
	const method = init.method ?? 'GET';
	const body = init.body ?? '';
	const host = new URL(baseUrl).host;
	const date = (init.date ?? new Date()).toUTCString();
	const hash = contentHash(body);
	const headers: Record<string, string> = {
		host,
		'x-ms-date': date,
		'x-ms-content-sha256': hash,
		'content-type': 'application/json',
		authorization: signHmac({
			accessKey,
			method,
			pathAndQuery: init.signedPathAndQuery ?? init.pathAndQuery,
			host,
			date,
			contentHash: hash,
		}),
	};
	const changed = tamper(headers);
	return rawRequest(baseUrl, {
		method,
		path: init.pathAndQuery,
		headers: changed.headers ?? headers,
		body: changed.body ?? body,
	});
}

export function basic(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/**
 * core-rest-pipeline's bearer-token policy refuses non-https URLs outright (allowInsecureConnection does
 * not help), so Chat SDK tests address the emulator as https://127.0.0.1:PORT, upgrade the emulator's
 * absolute http nextLinks before the auth policy sees them, and downgrade to http at the transport.
 */
export function loopbackTlsShim(): {
	httpClient: HttpClient;
	additionalPolicies: Array<{ policy: PipelinePolicy; position: 'perCall' }>;
} {
	const inner = createDefaultHttpClient();
	const loopbackHttp = /^http:\/\/127\.0\.0\.1(?=[:/])/;
	const loopbackHttps = /^https:\/\/127\.0\.0\.1(?=[:/])/;
	return {
		httpClient: {
			sendRequest: (req) => {
				req.url = req.url.replace(loopbackHttps, 'http://127.0.0.1');
				req.allowInsecureConnection = true;
				return inner.sendRequest(req);
			},
		},
		additionalPolicies: [
			{
				position: 'perCall',
				policy: {
					name: 'emulatorLoopbackUpgrade',
					sendRequest: (req, next) => {
						req.url = req.url.replace(loopbackHttp, 'https://127.0.0.1');
						return next(req);
					},
				},
			},
		],
	};
}

export function sha256Hex(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/** A client-credentials Entra token from the emulator (Bearer auth needs no per-request signing). */
export async function entraToken(emu: {
	acs: { entra: { tokenUrl: string; clientId: string; clientSecret: string; scope: string } };
}): Promise<string> {
	const { tokenUrl, clientId, clientSecret, scope } = emu.acs.entra;
	const form = new URLSearchParams({
		grant_type: 'client_credentials',
		client_id: clientId,
		client_secret: clientSecret,
		scope,
	});
	const r = await rawRequest(tokenUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: form.toString(),
	});
	return (JSON.parse(r.body.toString()) as { access_token: string }).access_token;
}

/** The official SignalWire client, pointed at the emulator the way its maintainers' tests do: replace api.baseUrl. */
export function signalWireClient(
	emu: { url: string; signalwire: { projectId: string; apiToken: string } },
	token = emu.signalwire.apiToken,
) {
	const c = RestClient(emu.signalwire.projectId, token, {
		signalwireSpaceUrl: 'example.signalwire.com',
	});
	// baseUrl exists at runtime (twilio-node Domain) but is not in the typings.
	(c.api as unknown as { baseUrl: string }).baseUrl = emu.url;
	return c;
}

/** Delivers `kind` to a loopback sink and returns its Event Grid events, parsed as @azure/eventgrid does. */
export async function receiveEventGridDelivery(
	emu: Emulator,
	kind: DeliveryKind,
	options: DeliveryOptions = {},
) {
	const bodies: string[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			bodies.push(Buffer.concat(chunks).toString());
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	const result = await deliver(emu, kind, `http://127.0.0.1:${port}/hook`, options);
	await new Promise<void>((resolve) => server.close(() => resolve()));
	if (result.status !== 200) throw new Error(`the sink answered ${result.status}`);
	return await new EventGridDeserializer().deserializeEventGridEvents(JSON.parse(bodies[0]!));
}
