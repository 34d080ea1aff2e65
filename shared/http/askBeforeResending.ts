import { NodeApiError, sleep } from 'n8n-workflow';

import { backoffMs } from './retry';

/**
 * Sends a request that creates something under an ID the caller chose, to a service that is not
 * documented to deduplicate on that ID. The transport never repeats such a request on its own after a
 * failure that leaves open whether it arrived (a timeout, a reset connection, a 5xx, an answer cut
 * short); here the service is asked first (`lookup` under the same ID): found means it was accepted,
 * and that answer is the result; not found means it was not, and the request is sent again under the
 * same ID, at most `maxResends` times. So a lost answer never turns into a second email, message or
 * call, while a request that never arrived is still retried.
 */
export async function askBeforeResending<T>(settings: {
	send: () => Promise<T>;
	/** What the service holds under the request's ID, or undefined when it holds nothing (a 404). */
	lookup: () => Promise<T | undefined>;
	maxResends: number;
	/** Added to the error when the outcome stays unknown (the lookup failed, or no resend was left): how to check by hand. */
	unresolved: string;
}): Promise<T> {
	for (let resends = 0; ; resends++) {
		const mayResend = resends < settings.maxResends;
		const sent = await settings.send().then(
			(value) => ({ value }),
			(error: unknown) => {
				if (!leftInDoubt(error)) throw error;
				if (!mayResend) throw unresolved(error, settings.unresolved);
				return undefined;
			},
		);
		if (sent) return sent.value;
		// Gives a request that is still on its way time to arrive before asking whether it did.
		await sleep(backoffMs(resends));
		const found = await settings.lookup().catch((error: unknown) => {
			throw unresolved(error, settings.unresolved);
		});
		if (found !== undefined) return found;
	}
}

/** The error, saying that whether the request had its effect is unknown and how to find out. */
function unresolved(error: unknown, note: string): unknown {
	if (error instanceof NodeApiError)
		error.description = `${error.description ? `${error.description} ` : ''}${note}`;
	return error;
}

/** A network failure, a timeout or a server error: the service may or may not have acted on it. */
function leftInDoubt(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	if (error.errorResponse?.networkError !== undefined) return true;
	const status = Number(error.httpCode);
	return status === 408 || status >= 500;
}
