import type { HttpFailure } from '../errors';

/**
 * When to retry, as the Azure SDKs do: honour the service's retry hint on 429/503, back off
 * exponentially (from 1 s, jittered, capped) on 408, 5xx and connection errors, and never repeat a
 * POST that may already have reached the service, except on 429/503 which say it was not processed,
 * or when it carries an idempotency key the service deduplicates on.
 */
const RETRY_BASE_DELAY_MS = 1000;
const RETRY_MAX_DELAY_MS = 30_000;
export const RETRY_AFTER_CAP_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 3;

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'PUT', 'OPTIONS']);

/** Whether sending a request twice has the effect of sending it once. */
export function isSafeToRepeat(method: string, hasIdempotencyKey = false): boolean {
	return hasIdempotencyKey || IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** Retry hint in ms from retry-after-ms, x-ms-retry-after-ms or Retry-After (seconds or HTTP date). */
export function retryHintMs(headers: Record<string, string>, now: number): number | undefined {
	for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
		const ms = Number(headers[name]);
		if (headers[name] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
	}
	const retryAfter = headers['retry-after'];
	if (retryAfter === undefined) return undefined;
	const seconds = Number(retryAfter);
	if (retryAfter.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(retryAfter);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function backoffMs(attempt: number, random: () => number = Math.random): number {
	const exponential = Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** attempt);
	return Math.round(exponential * (0.8 + 0.4 * random()));
}

/**
 * Milliseconds to wait before the next attempt, or undefined when the failure must not be retried.
 * `idempotent`: see isSafeToRepeat. `attempt` is the number of retries already made.
 */
export function retryDelay(
	idempotent: boolean,
	failure: HttpFailure,
	attempt: number,
	now: number = Date.now(),
	random: () => number = Math.random,
): number | undefined {
	if (failure.kind === 'network') {
		return idempotent || !failure.requestMayHaveBeenSent ? backoffMs(attempt, random) : undefined;
	}
	const { status } = failure;
	if (status === 429 || status === 503) {
		const hint = retryHintMs(failure.headers, now);
		return hint === undefined ? backoffMs(attempt, random) : Math.min(hint, RETRY_AFTER_CAP_MS);
	}
	const transient = status === 408 || (status >= 500 && status !== 501 && status !== 505);
	return transient && idempotent ? backoffMs(attempt, random) : undefined;
}
