import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { assertSameOrigin } from '../endpoint';
import { absoluteRequestUrl } from '../http/requestOptions';
import { parseSpaceUrl } from './space';

/** `authenticate` of the SignalWire credential: Basic auth, and only for the user's own space. */
export async function authenticateWithProjectToken(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const space = parseSpaceUrl(credentials.spaceUrl);
	const target = assertSameOrigin(absoluteRequestUrl(requestOptions, space).href, space, 'The request URL');
	const basic = Buffer.from(`${String(credentials.projectId ?? '').trim()}:${String(credentials.apiToken ?? '').trim()}`).toString('base64');
	return {
		...requestOptions,
		baseURL: undefined,
		url: target.href,
		qs: undefined,
		headers: { ...requestOptions.headers, authorization: `Basic ${basic}` },
	};
}
