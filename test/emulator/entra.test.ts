/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { startEmulator, type Emulator } from '../../emulator';
import { basic, rawRequest } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());

const SCOPE = 'https://communication.azure.com/.default';
type TokenBody = {
	token_type?: string;
	access_token?: string;
	refresh_token?: string;
	expires_in?: number;
	error?: string;
	error_description?: string;
};

async function token(
	form: Record<string, string>,
	headers: Record<string, string> = {},
	url = emu.acs.entra.tokenUrl,
): Promise<{ status: number; body: TokenBody }> {
	const r = await rawRequest(url, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(form).toString(),
	});
	return { status: r.status, body: JSON.parse(r.body.toString()) as TokenBody };
}

describe('client credentials', () => {
	test('secret in the body or in a Basic header', async () => {
		const { clientId, clientSecret } = emu.acs.entra;
		const post = await token({
			grant_type: 'client_credentials',
			client_id: clientId,
			client_secret: clientSecret,
			scope: SCOPE,
		});
		expect(post.status).toBe(200);
		expect(post.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
		expect(post.body.refresh_token).toBeUndefined();
		const viaBasic = await token(
			{ grant_type: 'client_credentials', scope: SCOPE },
			{ authorization: basic(clientId, clientSecret) },
		);
		expect(viaBasic.status).toBe(200);
		const payload = JSON.parse(
			Buffer.from(post.body.access_token!.split('.')[1]!, 'base64url').toString(),
		) as Record<string, unknown>;
		expect(payload).toMatchObject({
			aud: 'https://communication.azure.com',
			tid: emu.acs.entra.tenantId,
			appid: clientId,
		});
	});

	test('wrong secret → 401 invalid_client AADSTS7000215; wrong tenant → 400 invalid_request; bad scope → 400 invalid_scope', async () => {
		const { clientId, clientSecret } = emu.acs.entra;
		const wrong = await token({
			grant_type: 'client_credentials',
			client_id: clientId,
			client_secret: 'nope',
			scope: SCOPE,
		});
		expect(wrong.status).toBe(401);
		expect(wrong.body.error).toBe('invalid_client');
		expect(wrong.body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided/);
		expect(JSON.stringify(wrong.body)).not.toContain(clientSecret);
		const tenant = await token(
			{
				grant_type: 'client_credentials',
				client_id: clientId,
				client_secret: clientSecret,
				scope: SCOPE,
			},
			{},
			`${emu.url}/common-bad/oauth2/v2.0/token`,
		);
		expect(tenant).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
		const scope = await token({
			grant_type: 'client_credentials',
			client_id: clientId,
			client_secret: clientSecret,
			scope: 'https://graph.microsoft.com/.default',
		});
		expect(scope).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
		expect(emu.counts()['entra.token']).toBeGreaterThanOrEqual(3);
	});
});

describe('authorization code (+PKCE) and refresh token', () => {
	test('authorize redirects back with code and state; the code redeems once; refresh rotates', async () => {
		const { clientId, clientSecret } = emu.acs.entra;
		const verifier = 'v'.repeat(50);
		const challenge = createHash('sha256').update(verifier).digest('base64url');
		const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';
		const authorize = new URL(emu.acs.entra.authorizeUrl);
		Object.entries({
			client_id: clientId,
			response_type: 'code',
			redirect_uri: redirectUri,
			scope: `${SCOPE} offline_access`,
			state: 'xyz',
			code_challenge: challenge,
			code_challenge_method: 'S256',
		}).forEach(([k, v]) => authorize.searchParams.set(k, v));
		const r = await rawRequest(authorize.toString());
		expect(r.status).toBe(302);
		const back = new URL(r.headers.location as string);
		expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
		expect(back.searchParams.get('state')).toBe('xyz');
		const code = back.searchParams.get('code')!;

		const badVerifier = await token({
			grant_type: 'authorization_code',
			client_id: clientId,
			client_secret: clientSecret,
			code,
			redirect_uri: redirectUri,
			code_verifier: 'w'.repeat(50),
		});
		expect(badVerifier).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
		// The failed attempt consumed the code, as Entra does; get a fresh one.
		const again = new URL(
			(await rawRequest(authorize.toString())).headers.location as string,
		).searchParams.get('code')!;
		const ok = await token({
			grant_type: 'authorization_code',
			client_id: clientId,
			client_secret: clientSecret,
			code: again,
			redirect_uri: redirectUri,
			code_verifier: verifier,
		});
		expect(ok.status).toBe(200);
		expect(ok.body.refresh_token).toBeTruthy();
		const replay = await token({
			grant_type: 'authorization_code',
			client_id: clientId,
			client_secret: clientSecret,
			code: again,
			redirect_uri: redirectUri,
			code_verifier: verifier,
		});
		expect(replay.status).toBe(400);

		const refreshed = await token({
			grant_type: 'refresh_token',
			client_id: clientId,
			client_secret: clientSecret,
			refresh_token: ok.body.refresh_token!,
		});
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.refresh_token).not.toBe(ok.body.refresh_token);
		const reused = await token({
			grant_type: 'refresh_token',
			client_id: clientId,
			client_secret: clientSecret,
			refresh_token: ok.body.refresh_token!,
		});
		expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

		// A delegated token works against ACS like an app token.
		const media = await rawRequest(
			`${emu.url}/messages/streams/${emu.fixtures.acs.media.jpeg.id}?api-version=2024-11-15`,
			{ headers: { authorization: `Bearer ${refreshed.body.access_token!}` } },
		);
		expect(media.status).toBe(200);
	});
});
