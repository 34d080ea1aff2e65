import {
	decodeSegment,
	header,
	json,
	type EmuResponse,
	type RequestContext,
	type Route,
} from '../http';
import { authenticateService } from './auth';
import { recordingContent, type RecordingDocument } from './recordingDocuments';

/**
 * The recording storage host (ACS's `*.asm.skype.com`). Clients reach it the way the SDK does: the request
 * is signed for the ACS endpoint (HMAC over the location's path with `host` = the ACS host, or an Entra
 * token) and names that host in `x-ms-host`; the storage host checks the signature against it.
 */

const OBJECT_PATH = /^\/v1\/objects\/([^/]+)\/content\/([^/]+)$/;

type Action = 'content' | 'metadata' | 'delete';

function actionOf(method: string, kind: string): Action | undefined {
	if (method === 'GET' && (kind === 'audio' || kind === 'video')) return 'content';
	if (method === 'GET' && kind === 'acsmetadata') return 'metadata';
	if (method === 'DELETE' && kind === 'deletedata') return 'delete';
	return undefined;
}

/**
 * Errors as the SDK reads them from this host (`{status, message}`, contentDownloader), not in the
 * `{error: {code, message}}` shape of the ACS endpoint.
 */
export function storageError(status: number, message: string): EmuResponse {
	return json(status, { status, message });
}

/** Routes of the recording storage host: content, metadata and delete by document ID. */
export function recordingStorageRoute(method: string, rawPath: string): Route | undefined {
	const match = OBJECT_PATH.exec(rawPath);
	const documentId = match ? decodeSegment(match[1]!) : undefined;
	const kind = match?.[2];
	const action = kind ? actionOf(method, kind) : undefined;
	if (!documentId || !kind || !action) return undefined;
	return {
		endpoint: `recording.${action}`,
		handle: (ctx) => {
			const denied = authenticateForAcsHost(ctx);
			if (denied) return denied;
			const document = ctx.env.state.recordingDocuments.get(documentId);
			if (!document || document.deleted || (action === 'content' && kind !== document.contentKind))
				return storageError(404, `Recording object ${documentId} was not found.`);
			if (action === 'metadata') return json(200, recordingMetadata(ctx, document));
			if (action === 'delete') {
				document.deleted = true;
				return { status: 200, body: Buffer.alloc(0) };
			}
			if (document.redirectTo)
				return { status: 307, headers: { Location: document.redirectTo }, body: Buffer.alloc(0) };
			return contentResponse(document, header(ctx, 'range'));
		},
	};
}

/**
 * The ACS resource's own authentication, for the host named in `x-ms-host`: the SDK signs the request for
 * the ACS endpoint, then sends it here with `Host` set to the storage host.
 */
function authenticateForAcsHost(ctx: RequestContext): EmuResponse | undefined {
	const acsHost = new URL(ctx.env.url).host;
	const named = header(ctx, 'x-ms-host');
	if (named !== acsHost)
		return storageError(
			401,
			named
				? `x-ms-host "${named}" is not the endpoint of this resource (${acsHost}).`
				: 'The x-ms-host header is missing; it must name the ACS endpoint the request is signed for.',
		);
	const denied = authenticateService({ ...ctx, headers: { ...ctx.headers, host: acsHost } });
	if (!denied) return undefined;
	const body = JSON.parse(denied.body!.toString()) as { error: { message: string } };
	return storageError(denied.status, body.error.message);
}

type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/** A single `bytes=` range (RFC 9110); anything else is ignored and the whole file is sent. */
function parseRange(value: string | undefined, size: number): ByteRange {
	const m = /^bytes=(\d*)-(\d*)$/.exec(value?.trim() ?? '');
	if (!m || (m[1] === '' && m[2] === '')) return undefined;
	if (m[1] === '') {
		const suffix = Number(m[2]);
		if (suffix === 0) return 'unsatisfiable';
		return { start: Math.max(0, size - suffix), end: size - 1 };
	}
	const start = Number(m[1]);
	const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
	if (start >= size || end < start) return 'unsatisfiable';
	return { start, end };
}

function contentResponse(
	document: RecordingDocument,
	rangeHeader: string | undefined,
): EmuResponse {
	const headers = { 'Content-Type': document.contentType, 'Accept-Ranges': 'bytes' };
	const range = parseRange(rangeHeader, document.bytes);
	if (range === 'unsatisfiable')
		return {
			status: 416,
			headers: { ...headers, 'Content-Range': `bytes */${document.bytes}` },
			body: Buffer.alloc(0),
		};
	const { start, end } = range ?? { start: 0, end: document.bytes - 1 };
	return {
		status: range ? 206 : 200,
		headers: range
			? { ...headers, 'Content-Range': `bytes ${start}-${end}/${document.bytes}` }
			: headers,
		body: { length: end - start + 1, open: () => recordingContent(document, start, end) },
	};
}

const DURATION_MS_PER_BYTE = 1000 / 16_000;

/** The metadata document ACS stores beside each recording chunk (learn: call recording, "Metadata schema"). */
function recordingMetadata(ctx: RequestContext, document: RecordingDocument) {
	return {
		resourceId: ctx.env.fixtures.acs.resourceId,
		callId: document.serverCallId ?? document.documentId,
		chunkDocumentId: document.documentId,
		chunkIndex: 0,
		chunkStartTime: document.createdAt.toISOString(),
		chunkDuration: Math.round(document.bytes * DURATION_MS_PER_BYTE),
		pauseResumeIntervals: [],
		recordingInfo: {
			contentType: document.contentKind === 'video' ? 'audioVideo' : 'audio',
			channelType: 'mixed',
			format: document.format,
			audioConfiguration: { sampleRate: 16000, bitRate: 256000, channels: 1 },
		},
		participants: [{ participantId: '4:+14255550100' }],
	};
}
