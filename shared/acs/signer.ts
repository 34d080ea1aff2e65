import { createHash, createHmac } from 'crypto';

/**
 * ACS access-key request signing (HMAC-SHA256), as verified by the service:
 * string to sign = METHOD \n path?query \n x-ms-date;host;x-ms-content-sha256.
 * Spec: azure-rest-api-specs, specification/communication (securityDefinitions) and
 * azure-sdk-for-js communication-common's access key policy.
 */

interface SignableRequest {
	method: string;
	/** Absolute URL. Its query is re-serialised with URLSearchParams, as the JS SDK signs it. */
	url: string;
	/** The exact bytes that go on the wire; undefined or empty for no body. */
	body?: string | Uint8Array;
}

interface SignedRequest {
	/** The URL to send: the signed path and query, so what is sent is what was signed. */
	url: string;
	headers: {
		'x-ms-date': string;
		'x-ms-content-sha256': string;
		authorization: string;
	};
}

export function contentHash(body: string | Uint8Array | undefined): string {
	return createHash('sha256')
		.update(body ?? '')
		.digest('base64');
}

export function signAcsRequest(
	request: SignableRequest,
	accessKey: string,
	date: Date,
): SignedRequest {
	const url = new URL(request.url);
	const query = url.searchParams.toString();
	const pathAndQuery = query ? `${url.pathname}?${query}` : url.pathname;
	const xMsDate = date.toUTCString();
	const hash = contentHash(request.body);
	const stringToSign = `${request.method.toUpperCase()}\n${pathAndQuery}\n${xMsDate};${url.host};${hash}`;
	const signature = createHmac('sha256', Buffer.from(accessKey, 'base64'))
		.update(stringToSign, 'utf8')
		.digest('base64');
	return {
		url: `${url.origin}${pathAndQuery}`,
		headers: {
			'x-ms-date': xMsDate,
			'x-ms-content-sha256': hash,
			authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
		},
	};
}
