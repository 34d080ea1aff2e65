import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ENTRA_AUDIENCE } from './acs/auth';
import { ARM_AUDIENCE, isResourceManagerScope } from './arm/auth';
import {
	decodeSegment,
	header,
	json,
	oauthError,
	type EmuResponse,
	type RequestContext,
	type Route,
} from './http';
import { nowSeconds, signJwt } from './tokens';

const COMMUNICATION_DEFAULT_SCOPE = `${ENTRA_AUDIENCE}/.default`;
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
const CODE_LIFETIME_MS = 10 * 60 * 1000;

function safeEqual(a: string, b: string): boolean {
	const [x, y] = [Buffer.from(a), Buffer.from(b)];
	return x.length === y.length && timingSafeEqual(x, y);
}

function opaque(prefix: string): string {
	return `${prefix}.${randomBytes(24).toString('base64url')}`;
}

function accessToken(
	ctx: RequestContext,
	clientId: string,
	kind: 'app' | 'user',
	audience = ENTRA_AUDIENCE,
): { access_token: string; expires_in: number; ext_expires_in: number } {
	const lifetime = ctx.env.options.entraTokenLifetimeSeconds;
	const iat = nowSeconds();
	const { tenantId } = ctx.env.secrets.entra;
	const payload = {
		aud: audience,
		iss: `https://sts.windows.net/${tenantId}/`,
		iat,
		nbf: iat,
		exp: iat + lifetime,
		appid: clientId,
		idtyp: kind,
		oid:
			kind === 'app'
				? '5f0b3c1a-0000-4000-8000-00000000a99b'
				: '6a1c4d2b-0000-4000-8000-00000000b55e',
		sub:
			kind === 'app'
				? '5f0b3c1a-0000-4000-8000-00000000a99b'
				: '6a1c4d2b-0000-4000-8000-00000000b55e',
		tid: tenantId,
		ver: '1.0',
	};
	return {
		access_token: signJwt(payload, ctx.env.secrets.entraTokenKey, 'acs-emulator-entra'),
		expires_in: lifetime,
		ext_expires_in: lifetime,
	};
}

/** Scope validation: the Communication resource must be requested; OIDC scopes may accompany it. */
function checkScope(
	scope: string | null,
	flow: 'client_credentials' | 'delegated',
): EmuResponse | undefined {
	const scopes = (scope ?? '').split(' ').filter(Boolean);
	const resource = scopes.filter((s) => !OIDC_SCOPES.has(s));
	// The ACS SDKs ask for `https://communication.azure.com//.default` (a double slash); Entra accepts both forms.
	const defaultScopes = [COMMUNICATION_DEFAULT_SCOPE, `${ENTRA_AUDIENCE}//.default`];
	if (
		flow === 'client_credentials' &&
		(resource.length !== 1 || !defaultScopes.includes(resource[0]!))
	) {
		return oauthError(
			400,
			'invalid_scope',
			`AADSTS1002012: The provided value for scope ${scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI). Expected ${COMMUNICATION_DEFAULT_SCOPE}.`,
		);
	}
	if (resource.length === 0 || !resource.every((s) => s.startsWith(`${ENTRA_AUDIENCE}/`))) {
		return oauthError(
			400,
			'invalid_scope',
			`AADSTS70011: The provided request must include a 'scope' input parameter for ${ENTRA_AUDIENCE}.`,
		);
	}
	return undefined;
}

type ClientCheck = { ok: true; clientId: string } | { ok: false; response: EmuResponse };

/** client_secret_post or client_secret_basic, as Entra accepts both. */
function authenticateClient(ctx: RequestContext, form: URLSearchParams): ClientCheck {
	let clientId = form.get('client_id');
	let secret = form.get('client_secret');
	const basic = /^Basic\s+(\S+)$/i.exec(header(ctx, 'authorization') ?? '');
	if (basic) {
		const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		clientId = decodeURIComponent(decoded.slice(0, colon));
		secret = decodeURIComponent(decoded.slice(colon + 1));
	}
	const entra = ctx.env.secrets.entra;
	if (!clientId)
		return {
			ok: false,
			response: oauthError(
				400,
				'invalid_request',
				"AADSTS900144: The request body must contain the following parameter: 'client_id'.",
			),
		};
	if (clientId !== entra.clientId) {
		return {
			ok: false,
			response: oauthError(
				400,
				'unauthorized_client',
				`AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${entra.tenantId}'.`,
			),
		};
	}
	if (!secret) {
		return {
			ok: false,
			response: oauthError(
				401,
				'invalid_client',
				"AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
			),
		};
	}
	if (!safeEqual(secret, entra.clientSecret)) {
		return {
			ok: false,
			response: oauthError(
				401,
				'invalid_client',
				`AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
			),
		};
	}
	return { ok: true, clientId };
}

function tokenResponse(ctx: RequestContext, clientId: string, scope: string): EmuResponse {
	const body: Record<string, unknown> = {
		token_type: 'Bearer',
		scope,
		...accessToken(ctx, clientId, 'user'),
	};
	// As in Entra, a refresh token comes back only when offline_access was granted.
	if (scope.split(' ').includes('offline_access')) {
		const refresh = opaque('rt');
		ctx.env.state.refreshTokens.set(refresh, { clientId, scope });
		body.refresh_token = refresh;
	}
	return json(200, body, { 'Cache-Control': 'no-store' });
}

function pkceMatches(
	verifier: string | null,
	challenge: string,
	method: string | undefined,
): boolean {
	if (!verifier) return false;
	const computed =
		method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
	return safeEqual(computed, challenge);
}

/** POST /{tenant}/oauth2/v2.0/token */
function token(ctx: RequestContext): EmuResponse {
	const form = new URLSearchParams(ctx.body.toString('utf8'));
	const grant = form.get('grant_type');
	if (!grant)
		return oauthError(
			400,
			'invalid_request',
			"AADSTS900144: The request body must contain the following parameter: 'grant_type'.",
		);
	if (!['client_credentials', 'authorization_code', 'refresh_token'].includes(grant)) {
		return oauthError(
			400,
			'unsupported_grant_type',
			`AADSTS70003: The app requested an unsupported grant type '${grant}'.`,
		);
	}
	const client = authenticateClient(ctx, form);
	if (!client.ok) return client.response;
	const { state } = ctx.env;

	if (grant === 'client_credentials') {
		// One token per resource, as in Entra: Resource Manager's cannot call ACS, nor ACS's Resource Manager.
		const resourceManager = isResourceManagerScope(ctx, form.get('scope'));
		const scopeError = resourceManager
			? undefined
			: checkScope(form.get('scope'), 'client_credentials');
		if (scopeError) return scopeError;
		const audience = resourceManager ? ARM_AUDIENCE : ENTRA_AUDIENCE;
		return json(
			200,
			{ token_type: 'Bearer', ...accessToken(ctx, client.clientId, 'app', audience) },
			{ 'Cache-Control': 'no-store' },
		);
	}

	if (grant === 'authorization_code') {
		const code = form.get('code') ?? '';
		const issued = state.authCodes.get(code);
		state.authCodes.delete(code); // single use, even when the rest of the request is wrong
		if (!issued || issued.expiresAt < Date.now() || issued.clientId !== client.clientId) {
			return oauthError(
				400,
				'invalid_grant',
				'AADSTS70000: The provided authorization code is invalid, expired or already redeemed.',
			);
		}
		if (form.get('redirect_uri') !== issued.redirectUri) {
			return oauthError(
				400,
				'invalid_grant',
				'AADSTS500117: The reply uri specified in the request does not match the reply uri used in the authorization request.',
			);
		}
		if (
			issued.codeChallenge !== undefined &&
			!pkceMatches(form.get('code_verifier'), issued.codeChallenge, issued.codeChallengeMethod)
		) {
			return oauthError(
				400,
				'invalid_grant',
				'AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.',
			);
		}
		return tokenResponse(ctx, client.clientId, issued.scope);
	}

	const refresh = form.get('refresh_token') ?? '';
	const known = state.refreshTokens.get(refresh);
	if (!known || known.clientId !== client.clientId) {
		return oauthError(
			400,
			'invalid_grant',
			'AADSTS70000: The provided refresh token is invalid, expired or revoked.',
		);
	}
	state.refreshTokens.delete(refresh); // rotate
	return tokenResponse(ctx, client.clientId, form.get('scope') ?? known.scope);
}

/** GET /{tenant}/oauth2/v2.0/authorize: consents immediately and redirects back with a code. */
function authorize(ctx: RequestContext): EmuResponse {
	const q = ctx.query;
	if (q.get('client_id') !== ctx.env.secrets.entra.clientId) {
		return oauthError(
			400,
			'unauthorized_client',
			`AADSTS700016: Application with identifier '${q.get('client_id') ?? ''}' was not found in the directory.`,
		);
	}
	const redirectUri = q.get('redirect_uri');
	let redirect: URL;
	try {
		redirect = new URL(redirectUri ?? '');
	} catch {
		return oauthError(
			400,
			'invalid_request',
			'AADSTS50011: The redirect URI specified in the request is missing or invalid.',
		);
	}
	const back = (params: Record<string, string>): EmuResponse => {
		for (const [k, v] of Object.entries(params)) redirect.searchParams.set(k, v);
		const stateParam = q.get('state');
		if (stateParam !== null) redirect.searchParams.set('state', stateParam);
		return { status: 302, headers: { Location: redirect.toString() }, body: Buffer.alloc(0) };
	};
	if (q.get('response_type') !== 'code')
		return back({
			error: 'unsupported_response_type',
			error_description: 'AADSTS70005: response_type must be code.',
		});
	const scope = q.get('scope');
	const scopeError = checkScope(scope, 'delegated');
	if (scopeError)
		return back({
			error: 'invalid_scope',
			error_description: `AADSTS70011: The provided value for the input parameter 'scope' is not valid.`,
		});
	const code = opaque('code');
	const challenge = q.get('code_challenge');
	ctx.env.state.authCodes.set(code, {
		clientId: ctx.env.secrets.entra.clientId,
		redirectUri: redirectUri ?? '',
		scope: scope ?? '',
		...(challenge
			? { codeChallenge: challenge, codeChallengeMethod: q.get('code_challenge_method') ?? 'plain' }
			: {}),
		expiresAt: Date.now() + CODE_LIFETIME_MS,
	});
	return back({ code });
}

/** Entra routes live under /{tenantId}/oauth2/v2.0/ on the emulator's main origin. */
export function entraRoute(method: string, rawPath: string): Route | undefined {
	const m = /^\/([^/]+)\/oauth2\/v2\.0\/(token|authorize)$/.exec(rawPath);
	if (!m) return undefined;
	const [rawTenant, action] = [m[1]!, m[2]!];
	if ((action === 'token' && method !== 'POST') || (action === 'authorize' && method !== 'GET'))
		return undefined;
	const handler = action === 'token' ? token : authorize;
	return {
		endpoint: `entra.${action}`,
		handle: (ctx) => {
			const tenant = decodeSegment(rawTenant);
			if (tenant !== ctx.env.secrets.entra.tenantId) {
				return oauthError(
					400,
					'invalid_request',
					`AADSTS90002: Tenant '${tenant ?? rawTenant}' not found. Check to make sure you have the correct tenant ID.`,
				);
			}
			return handler(ctx);
		},
	};
}
