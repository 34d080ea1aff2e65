import { createHash, timingSafeEqual } from 'crypto';

/**
 * Whether a secret sent with a request equals the configured one, in constant time: both sides are
 * hashed first, so neither their content nor their length shows in the comparison's timing.
 */
export function secretMatches(given: unknown, expected: string): boolean {
	if (typeof given !== 'string' || given === '' || expected === '') return false;
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(given), digest(expected));
}
