/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * Deterministic pseudo-random bytes: the AES-128-CTR keystream under a key derived from a label.
 * AES runs natively, so hundreds of MiB stream quickly without ever being held in memory, and the
 * same label always yields the same bytes (tests recompute hashes instead of storing files).
 */
const CHUNK = 64 * 1024;
const ZEROS = Buffer.alloc(CHUNK);

function keystream(label: string) {
	const seed = createHash('sha256').update(`emulator-prng:${label}`).digest();
	return createCipheriv('aes-128-ctr', seed.subarray(0, 16), seed.subarray(16, 32));
}

/** Small deterministic buffers (fixture files). */
function deterministicBytes(label: string, length: number): Buffer {
	const cipher = keystream(label);
	return cipher.update(Buffer.alloc(length));
}

/** Deterministic file bytes: `prefix` (e.g. a file-type magic header) overlaid on the keystream. */
export function deterministicFile(
	label: string,
	length: number,
	prefix: Buffer = Buffer.alloc(0),
): Buffer {
	const bytes = deterministicBytes(label, length);
	prefix.copy(bytes, 0, 0, Math.min(prefix.length, length));
	return bytes;
}

/** Streams the same bytes as deterministicFile() chunk by chunk, honouring backpressure. */
export function deterministicStream(
	label: string,
	length: number,
	prefix: Buffer = Buffer.alloc(0),
): Readable {
	const cipher = keystream(label);
	let remaining = length;
	let pendingPrefix = prefix.subarray(0, length);
	return new Readable({
		read() {
			if (remaining <= 0) {
				this.push(null);
				return;
			}
			if (pendingPrefix.length > 0) {
				const head = pendingPrefix;
				pendingPrefix = Buffer.alloc(0);
				remaining -= head.length;
				// Keep the keystream aligned with the byte offset so prefix + tail == deterministic layout.
				cipher.update(Buffer.alloc(head.length));
				this.push(head);
				return;
			}
			const size = Math.min(CHUNK, remaining);
			remaining -= size;
			this.push(cipher.update(size === CHUNK ? ZEROS : ZEROS.subarray(0, size)));
		},
	});
}

const hashCache = new Map<string, Promise<string>>();

/** Hex SHA-256 of a deterministic stream, computed by streaming once and cached per (label, length, prefix). */
export function deterministicSha256(
	label: string,
	length: number,
	prefix: Buffer = Buffer.alloc(0),
): Promise<string> {
	const key = `${label}\u0000${length}\u0000${prefix.toString('hex')}`;
	let cached = hashCache.get(key);
	if (!cached) {
		cached = new Promise<string>((resolve, reject) => {
			const hash = createHash('sha256');
			deterministicStream(label, length, prefix)
				.on('data', (chunk: Buffer) => hash.update(chunk))
				.on('end', () => resolve(hash.digest('hex')))
				.on('error', reject);
		});
		hashCache.set(key, cached);
	}
	return cached;
}

/** mulberry32: tiny seeded PRNG for decisions (random faults, fixture shapes), not for bytes. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function sha256Hex(data: Buffer | string): string {
	return createHash('sha256').update(data).digest('hex');
}
