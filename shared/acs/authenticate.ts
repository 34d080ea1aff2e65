import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { assertSameOrigin, parseServiceOrigin } from '../endpoint';
import {
	absoluteRequestUrl,
	authorizeForOrigin,
	hasHeader,
	serializeBody,
} from '../http/requestOptions';
import { parseAccessKeyCredential } from './accessKey';
import { signAcsRequest } from './signer';
import { assertUserTokenUsable } from './userToken';

/**
 * `authenticate` of the access-key credential. Signs the request exactly as it will be sent, and
 * refuses to sign for any origin but the credential's endpoint.
 */
export async function authenticateWithAccessKey(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const { endpoint, accessKey } = parseAccessKeyCredential(credentials);
	const target = assertSameOrigin(
		absoluteRequestUrl(requestOptions, endpoint).href,
		endpoint,
		'The request URL',
	);
	const { body, contentType } = serializeBody(requestOptions);
	const method = (requestOptions.method ?? 'GET').toUpperCase();
	const signed = signAcsRequest({ method, url: target.href, body }, accessKey, new Date());
	const headers: IDataObject = { ...requestOptions.headers, ...signed.headers };
	if (contentType && !hasHeader(headers, 'content-type')) headers['content-type'] = contentType;
	return {
		...requestOptions,
		method: method as IHttpRequestOptions['method'],
		baseURL: undefined,
		url: signed.url,
		qs: undefined,
		body,
		headers,
	};
}

/** `authenticate` of the user-access-token credential (Chat). */
export async function authenticateWithUserToken(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const endpoint = parseServiceOrigin(credentials.endpoint, 'Endpoint');
	const token = typeof credentials.accessToken === 'string' ? credentials.accessToken.trim() : '';
	assertUserTokenUsable(token, new Date());
	return authorizeForOrigin(requestOptions, endpoint, `Bearer ${token}`);
}
