import { isLoopbackHostname, parseServiceOrigin } from '../endpoint';
import { InvalidCredentialError } from '../errors';

/**
 * A SignalWire Space URL as users know it: `example`, `example.signalwire.com` or
 * `https://example.signalwire.com`. Only SignalWire hosts (and loopback, for the emulator) are accepted,
 * because the Basic credentials go wherever this points.
 */
export function parseSpaceUrl(raw: unknown): URL {
	const text = typeof raw === 'string' ? raw.trim().replace(/\/+$/, '') : '';
	if (!text)
		throw new InvalidCredentialError(
			'Space URL is empty. Enter your space, e.g. example.signalwire.com',
		);
	let candidate = text;
	if (!/^[a-z][a-z\d+.-]*:\/\//i.test(text)) {
		if (!/^[a-z\d.-]+(:\d+)?$/i.test(text)) {
			throw new InvalidCredentialError(
				`Space URL "${text}" is not a space name or host, e.g. example.signalwire.com`,
			);
		}
		candidate = `https://${text.includes('.') || isLoopbackHostname(text.split(':')[0]) ? text : `${text}.signalwire.com`}`;
	}
	const origin = parseServiceOrigin(candidate, 'Space URL');
	if (!isLoopbackHostname(origin.hostname) && !isSignalWireHost(origin.hostname)) {
		throw new InvalidCredentialError(
			`Space URL host ${origin.hostname} is not a SignalWire host (*.signalwire.com); the credentials would be sent there`,
		);
	}
	return origin;
}

export function isSignalWireHost(hostname: string): boolean {
	return /^[a-z\d-]+(\.[a-z\d-]+)*\.signalwire\.com$/i.test(hostname);
}
