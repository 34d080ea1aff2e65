import { createHmac, timingSafeEqual } from 'crypto';

/** Form parameters as n8n parses them: a key sent more than once arrives as an array. */
export type FormParameters = Record<string, string | string[] | undefined>;

/**
 * SignalWire's (and Twilio's) form-webhook signature: base64 HMAC-SHA1 with the project's signing key
 * over the full URL followed by every POST parameter, sorted by name, each as name + value (a repeated
 * name once per value).
 */
export function signalWireSignature(
	signingKey: string,
	url: string,
	params: FormParameters,
): string {
	const payload = Object.keys(params)
		.sort()
		.map((name) => {
			const value = params[name];
			const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
			return values.map((one) => `${name}${one}`).join('');
		})
		.join('');
	return createHmac('sha1', signingKey)
		.update(url + payload, 'utf8')
		.digest('base64');
}

/**
 * The URL as the sender may have signed it: as given, and with the scheme's default port added or
 * removed (SignalWire's own SDK accepts both because the service is inconsistent about it).
 */
export function urlVariants(url: string): string[] {
	const parts = /^(https?:\/\/)(\[[^\]]*\]|[^/?#:]*)(:\d+)?(.*)$/i.exec(url);
	if (!parts) return [url];
	const [, scheme, host, port, rest] = parts as unknown as [
		string,
		string,
		string,
		string | undefined,
		string,
	];
	const defaultPort = scheme.toLowerCase() === 'https://' ? ':443' : ':80';
	if (port === undefined) return [url, `${scheme}${host}${defaultPort}${rest}`];
	return port === defaultPort ? [url, `${scheme}${host}${rest}`] : [url];
}

function sameSignature(given: string, expected: string): boolean {
	const a = Buffer.from(given, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether `signature` signs these parameters for any variant of `url`; compared in constant time. */
export function signalWireSignatureValid(
	signingKey: string,
	url: string,
	params: FormParameters,
	signature: unknown,
): boolean {
	if (typeof signature !== 'string' || signature === '' || signingKey === '') return false;
	let valid = false;
	// Every variant is computed and compared, so the time taken does not tell which one matched.
	for (const variant of urlVariants(url)) {
		if (sameSignature(signature, signalWireSignature(signingKey, variant, params))) valid = true;
	}
	return valid;
}
