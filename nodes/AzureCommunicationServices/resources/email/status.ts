import { NodeApiError, sleep, type IDataObject } from 'n8n-workflow';

import { retryHintMs } from '../../../../shared/http/retry';
import type { Connection } from '../../../../shared/http/connection';
import type { ServiceResponse } from '../../../../shared/http/transport';

/** The statuses after which an email send operation no longer changes. */
const TERMINAL = new Set(['Succeeded', 'Failed', 'Canceled']);
/** How long to wait between polls when ACS gives no retry-after (the Azure SDKs' default). */
const DEFAULT_POLL_INTERVAL_MS = 2000;

/** A send operation's `{id, status, error?}` as ACS reports it. */
export function sendStatusOf(body: unknown): IDataObject {
	const { id, status, error } = (body ?? {}) as IDataObject;
	return { id, status, ...(error !== undefined && error !== null && { error }) };
}

export function isTerminal(status: IDataObject): boolean {
	return TERMINAL.has(String(status.status));
}

/** GET /emails/operations/{operationId}. */
export async function requestSendStatus(
	acs: Connection,
	operationId: string,
): Promise<ServiceResponse> {
	return await acs.request({ method: 'GET', path: ['emails', 'operations', operationId] });
}

/** The operation's answer, or undefined when ACS knows no operation under the ID (a 404). */
export async function findSendStatus(
	acs: Connection,
	operationId: string,
): Promise<ServiceResponse | undefined> {
	return await requestSendStatus(acs, operationId).catch((error: unknown) => {
		if (error instanceof NodeApiError && String(error.httpCode) === '404') return undefined;
		throw error;
	});
}

/**
 * Polls the operation until its status is terminal, never sooner than ACS's retry-after asks (a 429
 * is waited out by the transport), or until `timeoutMs` would pass before the next poll; then the
 * status last seen is the result.
 */
export async function waitForCompletion(
	acs: Connection,
	accepted: ServiceResponse,
	timeoutMs: number,
): Promise<IDataObject> {
	const deadline = Date.now() + timeoutMs;
	let response = accepted;
	let status = sendStatusOf(response.body);
	while (!isTerminal(status)) {
		const delayMs = retryHintMs(response.headers, Date.now()) ?? DEFAULT_POLL_INTERVAL_MS;
		if (Date.now() + delayMs > deadline) break;
		await sleep(delayMs);
		response = await requestSendStatus(acs, String(status.id)).catch((error: unknown) => {
			if (error instanceof NodeApiError)
				error.description = `${error.description ? `${error.description} ` : ''}ACS accepted the email (operation ID ${String(status.id)}); only waiting for the outcome failed, so do not send it again. Check it with Get Send Status.`;
			throw error;
		});
		status = sendStatusOf(response.body);
	}
	return status;
}
