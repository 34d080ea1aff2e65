import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { authorizeForOrigin } from '../http/requestOptions';
import { parseSpaceUrl } from './space';

/** `authenticate` of the SignalWire credential: Basic auth, and only for the user's own space. */
export async function authenticateWithProjectToken(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const space = parseSpaceUrl(credentials.spaceUrl);
	const basic = Buffer.from(
		`${String(credentials.projectId ?? '').trim()}:${String(credentials.apiToken ?? '').trim()}`,
	).toString('base64');
	return authorizeForOrigin(requestOptions, space, `Basic ${basic}`);
}
