import { createHash } from 'crypto';
import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
} from 'n8n-workflow';

import { credentialsOf } from '../credentials';
import { EndpointError, parseServiceOrigin } from '../endpoint';
import { sendRequest, type Sender, type Transport } from '../http/transport';
import { readReliability } from '../options';
import { pathSegment } from '../validation';
import { parseAccessKeyCredential } from './connection';
import { acsService } from './service';
import {
	forgetUserToken,
	userTokenFor,
	USER_TOKEN_LIFETIME_MINUTES,
	type MintedToken,
} from './userTokenCache';
import { assertUserTokenUsable, UserTokenError } from './userToken';

export type AcsAuthentication = 'accessKey' | 'oAuth2' | 'userAccessToken';

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

export const IDENTITY_API_VERSION = '2023-10-01';

/** A resource endpoint plus the authenticated transport that reaches it. */
export interface AcsConnection {
	endpoint: URL;
	transport: Transport;
	/** Builds `{endpoint}/{segments…}?query`, each segment percent-encoded on its own. */
	url(
		segments: string[],
		query: Record<string, string | number | undefined>,
		suffix?: string,
	): string;
}

function credentialProblem(ctx: IExecuteFunctions, itemIndex: number, error: unknown): never {
	if (error instanceof EndpointError || error instanceof UserTokenError) {
		throw new NodeOperationError(ctx.getNode(), `Credential problem: ${error.message}`, {
			itemIndex,
			description: 'Open the credential and correct it. Nothing was sent.',
		});
	}
	throw error;
}

function buildUrl(
	endpoint: URL,
	segments: string[],
	query: Record<string, string | number | undefined>,
	suffix = '',
): string {
	const search = new URLSearchParams();
	for (const [name, value] of Object.entries(query))
		if (value !== undefined) search.set(name, String(value));
	const path = segments.map(pathSegment).join('/');
	const queryString = search.toString();
	return `${endpoint.origin}/${path}${suffix}${queryString ? `?${queryString}` : ''}`;
}

function endpointOf(
	authentication: AcsAuthentication,
	credentials: ICredentialDataDecryptedObject,
): URL {
	return authentication === 'accessKey'
		? parseAccessKeyCredential(credentials).endpoint
		: parseServiceOrigin(credentials.endpoint, 'Endpoint');
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

export async function connectAcs(
	ctx: IExecuteFunctions,
	itemIndex: number,
	purpose: 'management' | 'chat',
): Promise<AcsConnection> {
	const authentication = ctx.getNodeParameter(
		'authentication',
		itemIndex,
		'accessKey',
	) as AcsAuthentication;
	const type = acsCredentialType(authentication);
	if (!type)
		throw new NodeOperationError(
			ctx.getNode(),
			`Unknown authentication "${String(authentication)}"`,
			{ itemIndex },
		);
	if (authentication === 'userAccessToken' && purpose !== 'chat') {
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
	const credentials = await credentialsOf(ctx, type, itemIndex);
	let endpoint: URL;
	try {
		endpoint = endpointOf(authentication, credentials);
		if (authentication === 'userAccessToken')
			assertUserTokenUsable(String(credentials.accessToken ?? '').trim(), new Date());
	} catch (error) {
		credentialProblem(ctx, itemIndex, error);
	}

	const reliability = readReliability(ctx, itemIndex);
	const withCredential: Sender = async (options) =>
		await ctx.helpers.httpRequestWithAuthentication.call(ctx, type, options);
	const managementTransport: Transport = {
		service: acsService,
		send: withCredential,
		...reliability,
		renewAuthentication:
			authentication === 'oAuth2'
				? async () => {
						await ctx.helpers.refreshOAuth2Token.call(ctx, type);
						return true;
					}
				: undefined,
	};
	const url = (
		segments: string[],
		query: Record<string, string | number | undefined>,
		suffix?: string,
	) => buildUrl(endpoint, segments, query, suffix);

	if (purpose === 'management' || authentication === 'userAccessToken') {
		return { endpoint, transport: managementTransport, url };
	}
	const chatUserId = readChatUserId(ctx, itemIndex);
	const cacheKey = `${credentialFingerprint(ctx, type, credentials)}|${chatUserId}`;
	const mint = async (): Promise<MintedToken> => {
		const response = await sendRequest(
			ctx,
			managementTransport,
			{
				method: 'POST',
				url: url(
					['identities', chatUserId],
					{ 'api-version': IDENTITY_API_VERSION },
					'/:issueAccessToken',
				),
				body: { scopes: ['chat'], expiresInMinutes: USER_TOKEN_LIFETIME_MINUTES },
			},
			itemIndex,
		);
		const { token, expiresOn } = (response.body ?? {}) as { token?: unknown; expiresOn?: unknown };
		if (typeof token !== 'string' || typeof expiresOn !== 'string') {
			throw new NodeOperationError(ctx.getNode(), 'The Identity API answered without a token', {
				itemIndex,
			});
		}
		return { token, expiresOn: Date.parse(expiresOn) };
	};
	let token = await userTokenFor(cacheKey, mint);
	return {
		endpoint,
		url,
		transport: {
			service: acsService,
			...reliability,
			send: async (options: IHttpRequestOptions) => await sendWithBearer(ctx, options, token),
			renewAuthentication: async () => {
				forgetUserToken(cacheKey, token);
				token = await userTokenFor(cacheKey, mint);
				return true;
			},
		},
	};
}

/** A chat request with a token this node minted itself, so no credential applies to it. */
async function sendWithBearer(ctx: IExecuteFunctions, options: IHttpRequestOptions, token: string) {
	return await ctx.helpers.httpRequest({
		...options,
		headers: { ...options.headers, authorization: `Bearer ${token}` },
	});
}

const ACS_USER_ID = /^8:[a-z-]*acs:[^\s]+$/;

function readChatUserId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('chatUserId', itemIndex, '') as unknown;
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
