/**
 * Chat-scoped user tokens minted through the Identity API, kept per credential and user for the life of
 * the n8n process. A token is reused until ten minutes before it expires, and concurrent items share
 * one request for it, so a user costs at most one Identity request per 50 minutes.
 */
export const USER_TOKEN_LIFETIME_MINUTES = 60;
const RENEW_BEFORE_EXPIRY_MS = 10 * 60_000;
const MAX_CACHED_USERS = 1000;

interface MintedToken {
	token: string;
	expiresOn: number;
}

interface Entry {
	pending: Promise<MintedToken>;
	minted?: MintedToken;
}

const tokens = new Map<string, Entry>();

function usable(token: MintedToken, now: number): boolean {
	return token.expiresOn - RENEW_BEFORE_EXPIRY_MS > now;
}

function evictExpired(now: number): void {
	for (const [key, entry] of tokens)
		if (entry.minted && !usable(entry.minted, now)) tokens.delete(key);
}

export async function userTokenFor(
	key: string,
	mint: () => Promise<MintedToken>,
	now = Date.now(),
): Promise<string> {
	const entry = tokens.get(key);
	if (entry && (!entry.minted || usable(entry.minted, now))) return (await entry.pending).token;
	if (tokens.size >= MAX_CACHED_USERS) evictExpired(now);
	const fresh: Entry = { pending: mint() };
	fresh.pending.then(
		(minted) => (fresh.minted = minted),
		() => tokens.get(key) === fresh && tokens.delete(key),
	);
	tokens.set(key, fresh);
	return (await fresh.pending).token;
}

/** Drops a token the service refused, unless another item already replaced it. */
export function forgetUserToken(key: string, token: string): void {
	if (tokens.get(key)?.minted?.token === token) tokens.delete(key);
}
