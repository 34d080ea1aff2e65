import { createHash } from 'crypto';
import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { credentialsOf } from '../credentialsPerRun';
import { readParameter } from '../parametersPerRun';
import { parseServiceOrigin } from '../endpoint';
import { credentialProblem } from '../errors';
import { createConnection, type Connection } from '../http/connection';
import { authorizeForOrigin } from '../http/requestOptions';
import type { Sender, Transport } from '../http/transport';
import { readReliability } from '../reliability';
import { parseAccessKeyCredential } from './accessKey';
import { ACS_API_VERSIONS, readApiVersion } from './apiVersion';
import { acsService } from './service';
import { forgetUserToken, userTokenFor, USER_TOKEN_LIFETIME_MINUTES } from './userTokenCache';
import { assertNotExpired, userTokenExpiry } from './userToken';

export type AcsAuthentication = 'accessKey' | 'oAuth2' | 'userAccessToken';

/** The node's Authentication choices; a resource lists the ones it works with. */
export const ACS_AUTHENTICATION_CHOICES: INodePropertyOptions[] = [
	{ name: 'Access Key', value: 'accessKey' },
	{ name: 'Microsoft Entra ID', value: 'oAuth2' },
	{ name: 'User Access Token', value: 'userAccessToken' },
];

/** The credential type behind each authentication choice of the node. */
export function acsCredentialType(authentication: AcsAuthentication): string | undefined {
	switch (authentication) {
		case 'accessKey':
			return 'azureCommunicationServicesApi';
		case 'oAuth2':
			return 'azureCommunicationServicesOAuth2Api';
		case 'userAccessToken':
			return 'azureCommunicationServicesUserTokenApi';
		default:
			return undefined;
	}
}

/** The ACS APIs the operations call; chat runs as an ACS user, the others as the resource. */
type AcsApi = 'media' | 'messages' | 'chat' | 'calling';

/**
 * The connection an ACS operation sends its requests through: the credential's endpoint, the API
 * version (the operation's API Version option) on every request, and the authentication the node is
 * set to, with a chat token issued for the Chat User ID when chat runs on a resource credential.
 */
export async function connectAcs(
	ctx: IExecuteFunctions,
	itemIndex: number,
	api: AcsApi,
): Promise<Connection> {
	const authentication = readParameter(
		ctx,
		'authentication',
		itemIndex,
		'accessKey',
	) as AcsAuthentication;
	const type = acsCredentialType(authentication);
	if (!type) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Unknown authentication "${String(authentication)}"`,
			{
				itemIndex,
			},
		);
	}
	if (authentication === 'userAccessToken' && api !== 'chat') {
		throw new NodeOperationError(
			ctx.getNode(),
			'A user access token works only for chat operations',
			{
				itemIndex,
				description:
					'Choose Access Key or Microsoft Entra ID as the authentication for this operation.',
			},
		);
	}
	const apiVersion = readApiVersion(ctx, itemIndex, ACS_API_VERSIONS[api]);
	const credentials = await credentialsOf(ctx, type, itemIndex);
	let endpoint: URL;
	let userToken = '';
	try {
		if (authentication === 'accessKey') {
			endpoint = parseAccessKeyCredential(credentials).endpoint;
		} else if (authentication === 'userAccessToken') {
			const parsed = parsedUserTokenCredential(credentials);
			assertNotExpired(parsed.expiresOn, new Date());
			endpoint = parsed.endpoint;
			userToken = parsed.token;
		} else {
			endpoint = parseServiceOrigin(credentials.endpoint, 'Endpoint');
		}
	} catch (error) {
		throw credentialProblem(ctx, itemIndex, error);
	}

	const reliability = readReliability(ctx, itemIndex);
	const connection = (transport: Transport) =>
		createConnection(ctx, itemIndex, {
			origin: endpoint,
			query: { 'api-version': apiVersion },
			transport,
		});
	const withToken = (token: () => string): Sender => {
		return async (options) => await sendWithBearer(ctx, options, endpoint, token());
	};

	if (authentication === 'userAccessToken') {
		// The credential was read once for the run; its token goes only to its own endpoint.
		return connection({ service: acsService, send: withToken(() => userToken), ...reliability });
	}
	const resourceTransport: Transport = {
		service: acsService,
		send: async (options) =>
			await ctx.helpers.httpRequestWithAuthentication.call(ctx, type, options),
		...reliability,
		renewAuthentication:
			authentication === 'oAuth2'
				? async () => {
						await ctx.helpers.refreshOAuth2Token.call(ctx, type);
						return true;
					}
				: undefined,
	};
	const asResource = connection(resourceTransport);
	if (api !== 'chat') return asResource;

	const chatUserId = readChatUserId(ctx, itemIndex);
	const cacheKey = `${credentialFingerprint(ctx, type, credentials)}|${chatUserId}`;
	const issueToken = async () => {
		const response = await asResource.request({
			method: 'POST',
			path: ['identities', chatUserId],
			suffix: '/:issueAccessToken',
			query: { 'api-version': ACS_API_VERSIONS.identity },
			body: { scopes: ['chat'], expiresInMinutes: USER_TOKEN_LIFETIME_MINUTES },
		});
		const { token, expiresOn } = (response.body ?? {}) as { token?: unknown; expiresOn?: unknown };
		if (typeof token !== 'string' || typeof expiresOn !== 'string') {
			throw new NodeOperationError(ctx.getNode(), 'The Identity API answered without a token', {
				itemIndex,
			});
		}
		return { token, expiresOn: Date.parse(expiresOn) };
	};
	let chatToken = await userTokenFor(cacheKey, issueToken);
	return connection({
		service: acsService,
		...reliability,
		send: withToken(() => chatToken),
		renewAuthentication: async () => {
			forgetUserToken(cacheKey, chatToken);
			chatToken = await userTokenFor(cacheKey, issueToken);
			return true;
		},
	});
}

/**
 * The User Access Token credential parsed once per run (endpoint, token and the token's expiry), like
 * the credential itself (credentialsOf hands every item of a run the same object): thousands of items
 * then cost no more than on the access-key path. Only the expiry is checked per item.
 */
const userTokenCredentials = new WeakMap<
	ICredentialDataDecryptedObject,
	{ endpoint: URL; token: string; expiresOn: Date }
>();

function parsedUserTokenCredential(credentials: ICredentialDataDecryptedObject) {
	let parsed = userTokenCredentials.get(credentials);
	if (!parsed) {
		const token = String(credentials.accessToken ?? '').trim();
		parsed = {
			endpoint: parseServiceOrigin(credentials.endpoint, 'Endpoint'),
			token,
			expiresOn: userTokenExpiry(token),
		};
		userTokenCredentials.set(credentials, parsed);
	}
	return parsed;
}

/** A chat request with a user token: no credential's `authenticate` applies, so it is pinned here. */
async function sendWithBearer(
	ctx: IExecuteFunctions,
	options: IHttpRequestOptions,
	endpoint: URL,
	token: string,
) {
	return await ctx.helpers.httpRequest(authorizeForOrigin(options, endpoint, `Bearer ${token}`));
}

/** Identifies a credential's secret material without keeping it: the token cache key. */
function credentialFingerprint(
	ctx: IExecuteFunctions,
	type: string,
	credentials: ICredentialDataDecryptedObject,
): string {
	const id = ctx.getNode().credentials?.[type]?.id ?? '';
	const material = [
		type,
		id,
		credentials.endpoint,
		credentials.accessKey,
		credentials.clientId,
		credentials.tenantId,
	];
	return createHash('sha256').update(JSON.stringify(material)).digest('base64url');
}

const ACS_USER_ID = /^8:[a-z-]*acs:[^\s]+$/;

function readChatUserId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = readParameter(ctx, 'chatUserId', itemIndex, '');
	const id = typeof value === 'string' ? value.trim() : '';
	if (!ACS_USER_ID.test(id)) {
		throw new NodeOperationError(
			ctx.getNode(),
			id ? `Chat User ID "${id}" is not an ACS user ID` : 'Chat User ID is empty',
			{
				itemIndex,
				description:
					'Chat runs as an ACS user. Enter the communication user ID (it starts with 8:acs:) of a participant of the thread, or use a User Access Token credential.',
			},
		);
	}
	return id;
}
