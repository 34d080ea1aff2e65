/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';

import type { EmulatorEnv } from '../env';
import { deterministicSha256, deterministicStream } from '../prng';

/**
 * The recording files the emulator's recording storage host serves: made when a recording stops (or by a
 * test), addressed by document ID as ACS addresses them (`/v1/objects/{documentId}/content/…`). The
 * bytes are deterministic per document, so tests know a file's sha256 without keeping it.
 */

export type RecordingFormat = 'wav' | 'mp3' | 'mp4';

export interface RecordingDocument {
	documentId: string;
	bytes: number;
	format: RecordingFormat;
	contentType: string;
	/** The last path segment of the content location: `audio`, or `video` for mp4. */
	contentKind: 'audio' | 'video';
	recordingId?: string;
	serverCallId?: string;
	createdAt: Date;
	deleted: boolean;
	/** Tests: the storage host answers 307 to this URL instead of serving the content. */
	redirectTo?: string;
}

export interface RecordingLocations {
	contentLocation: string;
	metadataLocation: string;
	deleteLocation: string;
}

const CONTENT_TYPES: Record<RecordingFormat, string> = {
	wav: 'audio/wav',
	mp3: 'audio/mpeg',
	mp4: 'video/mp4',
};

const label = (documentId: string) => `recording:${documentId}`;

export function createRecordingDocument(
	env: EmulatorEnv,
	options: {
		bytes: number;
		format: RecordingFormat;
		recordingId?: string;
		serverCallId?: string;
		redirectTo?: string;
	},
): { document: RecordingDocument; locations: RecordingLocations } {
	const documentId = `0-eus-d${Math.floor(Math.random() * 20)}-${randomUUID().replace(/-/g, '')}`;
	const document: RecordingDocument = {
		documentId,
		bytes: options.bytes,
		format: options.format,
		contentType: CONTENT_TYPES[options.format],
		contentKind: options.format === 'mp4' ? 'video' : 'audio',
		recordingId: options.recordingId,
		serverCallId: options.serverCallId,
		redirectTo: options.redirectTo,
		createdAt: new Date(),
		deleted: false,
	};
	env.state.recordingDocuments.set(documentId, document);
	return { document, locations: recordingLocations(env, document) };
}

export function recordingLocations(
	env: EmulatorEnv,
	document: RecordingDocument,
): RecordingLocations {
	const base = `${env.recordingStorageUrl}/v1/objects/${document.documentId}/content`;
	return {
		contentLocation: `${base}/${document.contentKind}`,
		metadataLocation: `${base}/acsmetadata`,
		deleteLocation: `${base}/deletedata`,
	};
}

/** The document's bytes from `start` to `end` inclusive (a Range), streamed. */
export function recordingContent(
	document: RecordingDocument,
	start = 0,
	end = document.bytes - 1,
): Readable {
	const stream = deterministicStream(label(document.documentId), end + 1);
	if (start === 0) return stream;
	let skipped = 0;
	return stream
		.filter(() => true)
		.map((chunk: Buffer) => {
			if (skipped >= start) return chunk;
			const drop = Math.min(start - skipped, chunk.length);
			skipped += drop;
			return chunk.subarray(drop);
		});
}

export function recordingSha256(document: RecordingDocument): Promise<string> {
	return deterministicSha256(label(document.documentId), document.bytes);
}
