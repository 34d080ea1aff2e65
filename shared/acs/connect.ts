import { createHash } from 'crypto';
import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { credentialsOf } from '../credentialsPerRun';
import { readParameter } from '../parametersPerRun';
import { parseServiceOrigin } from '../endpoint';
import { credentialProblem } from '../errors';
import { createConnection, type Connection } from '../http/connection';
import { authorizeForOrigin } from '../http/requestOptions';
import type { RequestContext, Sender, Transport } from '../http/transport';
import { DEFAULT_MAX_RETRIES } from '../http/retry';
import { DEFAULT_TIMEOUT_MS, readReliability } from '../reliability';
import { parseAccessKeyCredential } from './accessKey';
import { ACS_API_VERSIONS, readApiVersion } from './apiVersion';
import { recordingLocationProblem, recordingStorageService } from './recordingStorage';
import { acsService } from './service';
import { signAcsRequest } from './signer';
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
export type AcsApi = 'media' | 'messages' | 'chat' | 'calling' | 'sms' | 'email' | 'phoneNumbers';

/** What a connection needs of n8n: the node, its logger and the request helpers (operations and lists). */
type AcsContext = RequestContext & {
	helpers: Pick<
		IExecuteFunctions['helpers'],
		'httpRequest' | 'httpRequestWithAuthentication' | 'refreshOAuth2Token'
	>;
};

/** What the node's parameters say about the connection of one item. */
interface ConnectionSettings {
	api: AcsApi;
	apiVersion: string;
	reliability: { maxRetries: number; timeoutMs: number };
	/** Chat on a resource credential: the ACS user the chat token is issued for. */
	chatUserId?: string;
}

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
	const apiVersion = readApiVersion(ctx, itemIndex, ACS_API_VERSIONS[api]);
	const authentication = readParameter(ctx, 'authentication', itemIndex, 'accessKey');
	const credential = await resolveCredential(
		ctx,
		itemIndex,
		api,
		authentication,
		async (type) => await credentialsOf(ctx, type, itemIndex),
	);
	const reliability = readReliability(ctx, itemIndex);
	const chatUserId =
		api === 'chat' && credential.authentication !== 'userAccessToken'
			? readChatUserId(ctx, readParameter(ctx, 'chatUserId', itemIndex, ''), itemIndex)
			: undefined;
	return await buildConnection(
		ctx,
		itemIndex,
		{ api, apiVersion, reliability, chatUserId },
		credential,
	);
}

/**
 * The same connection for a picker's list (n8n's load-options context): the node's current
 * Authentication and Chat User ID, the default API version and retries.
 */
export async function connectAcsForList(
	ctx: ILoadOptionsFunctions,
	api: AcsApi,
): Promise<Connection> {
	const credential = await resolveCredential(
		ctx,
		0,
		api,
		ctx.getCurrentNodeParameter('authentication') ?? 'accessKey',
		async (type) => await ctx.getCredentials(type),
	);
	const chatUserId =
		api === 'chat' && credential.authentication !== 'userAccessToken'
			? readChatUserId(ctx, ctx.getCurrentNodeParameter('chatUserId'), 0)
			: undefined;
	return await buildConnection(
		ctx,
		0,
		{
			api,
			apiVersion: ACS_API_VERSIONS[api],
			reliability: { maxRetries: DEFAULT_MAX_RETRIES, timeoutMs: DEFAULT_TIMEOUT_MS },
			chatUserId,
		},
		credential,
	);
}

async function buildConnection(
	ctx: AcsContext,
	itemIndex: number,
	settings: ConnectionSettings,
	resolved: ResolvedCredential,
): Promise<Connection> {
	const { apiVersion, reliability, chatUserId } = settings;
	const { authentication, type, credentials, endpoint, userToken } = resolved;
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
			await ctx.helpers.httpRequestWithAuthentication.call(ctx as IExecuteFunctions, type, options),
		...reliability,
		renewAuthentication: authentication === 'oAuth2' ? renewOAuth2(ctx, type) : undefined,
	};
	const asResource = connection(resourceTransport);
	if (chatUserId === undefined) return asResource;

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

interface ResolvedCredential {
	authentication: AcsAuthentication;
	type: string;
	credentials: ICredentialDataDecryptedObject;
	endpoint: URL;
	/** The User Access Token credential's token; empty for the other credentials. */
	userToken: string;
	/** The access-key credential's key; empty for the other credentials. */
	accessKey: string;
}

/** The credential the node's Authentication selects for `api`, and its endpoint. */
async function resolveCredential(
	ctx: RequestContext,
	itemIndex: number,
	api: AcsApi,
	authentication: unknown,
	readCredentials: (type: string) => Promise<ICredentialDataDecryptedObject>,
): Promise<ResolvedCredential> {
	const type = acsCredentialType(authentication as AcsAuthentication);
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
	const credentials = await readCredentials(type);
	let endpoint: URL;
	let userToken = '';
	let accessKey = '';
	try {
		if (authentication === 'accessKey') {
			({ endpoint, accessKey } = parseAccessKeyCredential(credentials));
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
	return {
		authentication: authentication as AcsAuthentication,
		type,
		credentials,
		endpoint,
		userToken,
		accessKey,
	};
}

/** A fresh Entra token after a 401: n8n keeps the OAuth2 credential's token and renews it on request. */
function renewOAuth2(ctx: AcsContext, type: string): () => Promise<boolean> {
	return async () => {
		await ctx.helpers.refreshOAuth2Token.call(ctx as IExecuteFunctions, type);
		return true;
	};
}

/**
 * A connection to the recording at `location` (a content, metadata or delete location of a Recording File
 * Status Updated event), authenticated as the SDK does it: signed for the ACS endpoint over the location's
 * path, with `x-ms-host` naming the endpoint and `OriginalUrl` the location, then sent to the location
 * itself. The location is checked first (recordingLocationProblem): the credential goes to no other host.
 */
export async function connectRecordingStorage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
): Promise<{ url: URL; storage: Connection }> {
	const value = readParameter(ctx, parameter, itemIndex, '');
	const location = typeof value === 'string' ? value.trim() : '';
	if (!location) {
		throw new NodeOperationError(
			ctx.getNode(),
			typeof value === 'string' ? `${label} is empty` : `${label} must be text (a URL)`,
			{ itemIndex },
		);
	}
	const { authentication, type, endpoint, accessKey } = await resolveCredential(
		ctx,
		itemIndex,
		'calling',
		readParameter(ctx, 'authentication', itemIndex, 'accessKey'),
		async (credentialType) => await credentialsOf(ctx, credentialType, itemIndex),
	);
	const problem = recordingLocationProblem(location, endpoint);
	if (problem) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} ${problem}; the credential was not sent`,
			{
				itemIndex,
				description:
					'Use the contentLocation, metadataLocation or deleteLocation of a Recording File Status Updated event as it arrived.',
			},
		);
	}
	const url = new URL(location);
	const pinned = (options: IHttpRequestOptions): IHttpRequestOptions => ({
		...options,
		url: url.href,
		headers: { ...options.headers, 'x-ms-host': endpoint.host, OriginalUrl: url.href },
	});
	const send: Sender =
		authentication === 'accessKey'
			? async (options) => {
					const method = (options.method ?? 'GET').toUpperCase();
					const signed = signAcsRequest(
						{ method, url: `${endpoint.origin}${url.pathname}` },
						accessKey,
						new Date(),
					);
					const request = pinned(options);
					return await ctx.helpers.httpRequest({
						...request,
						headers: { ...request.headers, ...signed.headers },
					});
				}
			: async (options) =>
					await ctx.helpers.httpRequestWithAuthentication.call(ctx, type, pinned(options));
	const storage = createConnection(ctx, itemIndex, {
		origin: new URL(url.origin),
		transport: {
			service: recordingStorageService,
			send,
			...readReliability(ctx, itemIndex),
			renewAuthentication: authentication === 'oAuth2' ? renewOAuth2(ctx, type) : undefined,
		},
	});
	return { url, storage };
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
	ctx: AcsContext,
	options: IHttpRequestOptions,
	endpoint: URL,
	token: string,
) {
	return await ctx.helpers.httpRequest(authorizeForOrigin(options, endpoint, `Bearer ${token}`));
}

/** Identifies a credential's secret material without keeping it: the token cache key. */
function credentialFingerprint(
	ctx: RequestContext,
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

function readChatUserId(ctx: RequestContext, value: unknown, itemIndex: number): string {
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
