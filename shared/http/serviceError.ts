import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import type { HttpFailure } from './failure';

/** The error a service put in its response body, in whatever shape that service uses. */
export interface ServiceErrorDetail {
	code?: string;
	message?: string;
	moreInfo?: string;
}

export interface ServiceProfile {
	/** Shown to users, e.g. "Azure Communication Services". */
	name: string;
	readError(body: unknown, headers: Record<string, string>): ServiceErrorDetail;
	/** What to do about a status, in the service's terms. */
	hint(status: number, detail: ServiceErrorDetail): string | undefined;
}

const MAX_ERROR_BODY_BYTES = 64 * 1024;

async function readSome(stream: NodeJS.ReadableStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
		chunks.push(buffer);
		size += buffer.length;
		if (size >= MAX_ERROR_BODY_BYTES) break;
	}
	return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES);
}

function isReadable(value: unknown): value is NodeJS.ReadableStream {
	return (
		!!value &&
		typeof value === 'object' &&
		typeof (value as NodeJS.ReadableStream).pipe === 'function'
	);
}

/** Turns a response body (Buffer, stream, text or parsed JSON) into parsed JSON or text. */
export async function readErrorBody(body: unknown): Promise<unknown> {
	let raw: unknown = body;
	if (isReadable(raw)) raw = await readSome(raw);
	if (raw instanceof ArrayBuffer) raw = Buffer.from(raw);
	if (Buffer.isBuffer(raw)) raw = raw.toString('utf8');
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return raw.trim().slice(0, 500);
	}
}

export async function serviceApiError(
	node: INode,
	service: ServiceProfile,
	failure: Extract<HttpFailure, { kind: 'status' }>,
	itemIndex: number,
): Promise<NodeApiError> {
	const body = await readErrorBody(failure.body);
	const detail = service.readError(body, failure.headers);
	const code = detail.code ?? `HTTP ${failure.status}`;
	const message =
		detail.message ??
		(typeof body === 'string' && body ? body : 'no error message in the response');
	const errorResponse: JsonObject = { code, message, httpStatus: failure.status };
	if (detail.moreInfo) errorResponse.moreInfo = detail.moreInfo;
	return new NodeApiError(node, errorResponse, {
		message: `${service.name} returned ${failure.status} ${code}: ${message}`,
		description: service.hint(failure.status, detail),
		httpCode: String(failure.status),
		itemIndex,
	});
}
