import type { KeyObject } from 'crypto';
import type { IWebhookFunctions } from 'n8n-workflow';

import { parseServiceOrigin } from '../endpoint';
import { readSigningKeys } from './callAutomationToken';

export const DEFAULT_CALL_AUTOMATION_ISSUER = 'https://acscallautomation.communication.azure.com';

/**
 * An unknown `kid` (a key rotation) refetches the keys at once, and then not again for this long per
 * issuer, so tokens with made-up key IDs cannot make every request fetch.
 */
const MIN_REFETCH_INTERVAL_MS = 10_000;
const KEYS_TIMEOUT_MS = 10_000;

interface CachedKeys {
	keys: Map<string, KeyObject>;
	/** When a token with an unknown key last caused a fetch; 0 for the first fetch. */
	refreshedAt: number;
}

/** Per process, by issuer origin: keys are public and the same for every workflow. */
const keysByIssuer = new Map<string, Promise<CachedKeys>>();

/** The issuer as an origin; plain http only to loopback (the emulator). */
export function callAutomationIssuer(raw: unknown): URL {
	const text = typeof raw === 'string' && raw.trim() ? raw.trim() : DEFAULT_CALL_AUTOMATION_ISSUER;
	return parseServiceOrigin(text.replace(/\/+$/, ''), 'Call Automation Issuer');
}

async function fetchKeys(
	ctx: IWebhookFunctions,
	issuer: URL,
	refreshedAt: number,
): Promise<CachedKeys> {
	const jwks = (await ctx.helpers.httpRequest({
		method: 'GET',
		url: `${issuer.origin}/calling/keys`,
		json: true,
		timeout: KEYS_TIMEOUT_MS,
	})) as unknown;
	return { keys: readSigningKeys(jwks), refreshedAt };
}

/**
 * The issuer's signing keys, cached by `kid`. `refresh` asks for a new fetch because a token named a key
 * the cache does not hold; a failed fetch is not cached.
 */
export async function callAutomationSigningKeys(
	ctx: IWebhookFunctions,
	issuer: URL,
	refresh = false,
): Promise<Map<string, KeyObject>> {
	const cached = keysByIssuer.get(issuer.origin);
	const current = cached && (await cached.catch(() => undefined));
	if (current && !(refresh && Date.now() - current.refreshedAt >= MIN_REFETCH_INTERVAL_MS)) {
		return current.keys;
	}
	const fetching = fetchKeys(ctx, issuer, refresh ? Date.now() : 0);
	keysByIssuer.set(issuer.origin, fetching);
	fetching.catch(() => keysByIssuer.delete(issuer.origin));
	return (await fetching).keys;
}
