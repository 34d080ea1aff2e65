import { InvalidCredentialError } from './errors';

/**
 * Where a credential may be sent. Every credential in this package names one service origin; keys,
 * tokens and Basic credentials go to that origin only, and only over HTTPS unless the host is loopback
 * (so the emulator can run over plain HTTP).
 */

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHostname(hostname: string): boolean {
	return LOOPBACK_HOSTNAMES.has(hostname.toLowerCase()) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Parses a service base URL typed by a user. Accepts a trailing slash; refuses paths, queries,
 * fragments, user info and plain HTTP to anything but loopback.
 */
export function parseServiceOrigin(raw: unknown, fieldName: string): URL {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!text)
		throw new InvalidCredentialError(
			`${fieldName} is empty. Enter the resource URL, e.g. https://my-resource.communication.azure.com`,
		);
	if (!URL.canParse(text))
		throw new InvalidCredentialError(
			`${fieldName} "${text}" is not a URL. Enter it as https://<host>`,
		);
	const url = new URL(text);
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new InvalidCredentialError(
			`${fieldName} must start with https:// (got "${url.protocol}")`,
		);
	}
	if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
		throw new InvalidCredentialError(
			`${fieldName} uses plain http:// to ${url.hostname}; the credential would travel unencrypted. Use https://`,
		);
	}
	if (url.username || url.password)
		throw new InvalidCredentialError(`${fieldName} must not contain a user name or password`);
	if (url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
		throw new InvalidCredentialError(
			`${fieldName} must be only the scheme and host (no path or query), e.g. ${url.origin}`,
		);
	}
	return new URL(url.origin);
}

/** Why `target` may not receive the credential of `origin`, or undefined when it is that exact origin. */
export function foreignOriginProblem(
	target: string,
	origin: URL,
	what: string,
): string | undefined {
	if (!URL.canParse(target)) return `${what} "${target}" is not an absolute URL`;
	const url = new URL(target);
	if (url.origin === origin.origin) return undefined;
	return `${what} points to ${url.origin}, but the credential is for ${origin.origin}; the request was not sent, so the credential cannot leak`;
}

/** Throws unless `target` is on exactly the credential's origin (scheme, host and port). */
export function assertSameOrigin(target: string, origin: URL, what: string): URL {
	const problem = foreignOriginProblem(target, origin, what);
	if (problem) throw new InvalidCredentialError(problem);
	return new URL(target);
}
