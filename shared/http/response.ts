/** Reading what a service answered: headers, bodies in whichever form n8n's request helper returns them. */

/** Header names in lower case, values as text (repeated headers joined). */
export function normalizeHeaders(headers: unknown): Record<string, string> {
	const record: Record<string, string> = {};
	if (!headers || typeof headers !== 'object') return record;
	for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
		if (value === undefined || value === null) continue;
		record[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return record;
}

/** Parsed JSON; an empty body gives undefined, and a body that is not JSON is kept as text. */
export function parseBody(body: unknown): unknown {
	const raw = body instanceof ArrayBuffer ? Buffer.from(body) : body;
	const text = Buffer.isBuffer(raw)
		? raw.toString('utf8')
		: typeof raw === 'string'
			? raw
			: undefined;
	if (text === undefined) return raw;
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** Enough of an error body to explain it; the rest of a large one is not worth reading. */
const MAX_READ_BYTES = 64 * 1024;

function isReadable(value: unknown): value is NodeJS.ReadableStream {
	return (
		!!value &&
		typeof value === 'object' &&
		typeof (value as NodeJS.ReadableStream).pipe === 'function'
	);
}

/** Like parseBody, for a body that may still be an open stream (the first 64 KiB of it). */
export async function readBody(body: unknown): Promise<unknown> {
	if (!isReadable(body)) return parseBody(body);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
		chunks.push(buffer);
		size += buffer.length;
		if (size >= MAX_READ_BYTES) break;
	}
	return parseBody(Buffer.concat(chunks).subarray(0, MAX_READ_BYTES));
}

/** Frees an unread streamed body (a no-op for bodies already read into memory). */
export function discardBody(body: unknown): void {
	const stream = body as { destroy?: () => void } | undefined;
	if (stream && typeof stream.destroy === 'function') stream.destroy();
}
