/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import type { AcsMediaFixture } from '../fixtures';
import {
	GENERATED_MEDIA_PREFIX,
	generatedMediaStreamParams,
	largeMediaStreamParams,
	MAX_GENERATED_BYTES,
} from '../fixtures';
import { acsError, decodeSegment, header, type EmuResponse, type RequestContext } from '../http';
import { deterministicStream } from '../prng';
import { Readable } from 'node:stream';
import { checkApiVersion } from './apiVersions';
import { authenticateService } from './auth';

/** Generated media is capped so a typo cannot ask for terabytes. */

function mediaResponse(
	ctx: RequestContext,
	contentType: string,
	length: number,
	open: () => Readable,
	disposition?: string,
): EmuResponse {
	const headers: Record<string, string> = { 'Content-Type': contentType };
	if (disposition) headers['Content-Disposition'] = disposition;
	const requestId = header(ctx, 'x-ms-client-request-id');
	if (requestId) headers['x-ms-client-request-id'] = requestId;
	// Advanced Messaging streams media with chunked transfer encoding (no Content-Length).
	return { status: 200, headers, body: { length, open }, chunked: true };
}

/** GET /messages/streams/{id}: Advanced Messaging "Get Media". */
export function getMedia(ctx: RequestContext, rawId: string): EmuResponse {
	const versionError = checkApiVersion(ctx, 'media');
	if (versionError) return versionError;
	const authError = authenticateService(ctx);
	if (authError) return authError;

	const id = decodeSegment(rawId);
	if (id === undefined || id === '')
		return acsError(400, 'ModelValidationError', 'The media id is not valid.');
	const { media, largeMedia } = ctx.env.fixtures.acs;
	const fixture = Object.values(media).find((m: AcsMediaFixture) => m.id === id);
	if (fixture) {
		return mediaResponse(
			ctx,
			fixture.contentType,
			fixture.size,
			() => Readable.from([fixture.bytes]),
			fixture.contentDisposition,
		);
	}
	if (id === largeMedia.id) {
		const p = largeMediaStreamParams(largeMedia.size);
		return mediaResponse(
			ctx,
			largeMedia.contentType,
			largeMedia.size,
			() => deterministicStream(p.label, p.length, p.prefix),
			largeMedia.contentDisposition,
		);
	}
	const generated = /^(\d{1,12})$/.exec(
		id.startsWith(GENERATED_MEDIA_PREFIX) ? id.slice(GENERATED_MEDIA_PREFIX.length) : '',
	);
	if (generated && Number(generated[1]) <= MAX_GENERATED_BYTES) {
		const p = generatedMediaStreamParams(Number(generated[1]));
		return mediaResponse(ctx, 'application/octet-stream', p.length, () =>
			deterministicStream(p.label, p.length),
		);
	}
	return acsError(404, 'MediaNotFound', `Media with id ${id} not found.`);
}
