import type { IWebhookFunctions } from 'n8n-workflow';

/**
 * What the triggers read from n8n's webhook request and how they answer. They write every response
 * themselves (and return `noWebhookResponse`), because n8n's default answer for a trigger that starts a
 * run is the node's `responseData` setting, not anything the trigger chose.
 */

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;
type WebhookResponse = ReturnType<IWebhookFunctions['getResponseObject']>;

/** The body as received. n8n has read it already for these nodes; `readRawBody` covers other cases. */
export async function rawBodyOf(req: WebhookRequest): Promise<Buffer> {
	const request = req as unknown as { rawBody?: Buffer; readRawBody?: () => Promise<void> };
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
		await request.readRawBody();
	}
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0);
}

export function headerOf(req: WebhookRequest, name: string): string | undefined {
	const value = (req.headers as Record<string, string | string[] | undefined>)[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** The request's path and query exactly as the client sent them. */
export function requestTarget(req: WebhookRequest): string {
	const request = req as unknown as { originalUrl?: string; url?: string };
	return request.originalUrl ?? request.url ?? '';
}

export function respond(
	res: WebhookResponse,
	status: number,
	contentType: string,
	body: string,
): { noWebhookResponse: true } {
	const payload = Buffer.from(body, 'utf8');
	const response = res as unknown as {
		writeHead: (status: number, headers: Record<string, string>) => void;
		end: (body: Buffer) => void;
	};
	response.writeHead(status, {
		'content-type': contentType,
		'content-length': String(payload.length),
	});
	response.end(payload);
	return { noWebhookResponse: true };
}

export function respondJson(
	res: WebhookResponse,
	status: number,
	value: unknown,
): { noWebhookResponse: true } {
	return respond(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}
