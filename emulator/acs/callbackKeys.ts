import { json, type EmuResponse, type RequestContext } from '../http';

/** GET /calling/keys: the JWKS Call Automation callback tokens are verified with. */
export function callbackKeys(ctx: RequestContext): EmuResponse {
	const { callbackSigningKey, previousCallbackSigningKey } = ctx.env;
	const keys = [callbackSigningKey, previousCallbackSigningKey].filter((key) => key !== undefined);
	return json(200, { keys: keys.map((key) => key.publicJwk) });
}

/** GET /calling/.well-known/acsopenidconfiguration: the issuer and where its keys are. */
export function callbackOpenIdConfiguration(ctx: RequestContext): EmuResponse {
	return json(200, {
		issuer: ctx.env.url,
		jwks_uri: `${ctx.env.url}/calling/keys`,
		id_token_signing_alg_values_supported: ['RS256'],
	});
}
