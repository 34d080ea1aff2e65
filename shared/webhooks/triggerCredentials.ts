import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

/**
 * How long a trigger reuses a credential it read. n8n 2.41 resolves a credential in a fresh expression
 * sandbox on every read (about 15 ms of CPU), which on every webhook request made the triggers slower
 * than n8n's own Webhook node; a change to the credential is seen within this time, or at once when a
 * request fails the check with the cached copy (see `withFreshCredentials`).
 */
export const TRIGGER_CREDENTIAL_MAX_AGE_MS = 10_000;

interface Entry {
	credentials: Promise<ICredentialDataDecryptedObject>;
	readAt: number;
}

/** Per process, by credential type and ID (the ID names one credential across all workflows). */
const recentlyRead = new Map<string, Entry>();

interface TriggerCredentials {
	credentials: ICredentialDataDecryptedObject;
	/** Read earlier for another request, so possibly older than the credential's current version. */
	fromCache: boolean;
}

async function read(
	ctx: IWebhookFunctions,
	type: string,
	fresh: boolean,
): Promise<TriggerCredentials> {
	const now = Date.now();
	// Expired copies are dropped on every request, so decrypted secrets do not linger in memory.
	for (const [key, entry] of recentlyRead)
		if (now - entry.readAt >= TRIGGER_CREDENTIAL_MAX_AGE_MS) recentlyRead.delete(key);
	const id = ctx.getNode().credentials?.[type]?.id;
	if (!id) return { credentials: await ctx.getCredentials(type), fromCache: false };
	const key = `${type}\n${id}`;
	const cached = recentlyRead.get(key);
	if (!fresh && cached) return { credentials: await cached.credentials, fromCache: true };
	const entry: Entry = { credentials: ctx.getCredentials(type), readAt: now };
	recentlyRead.set(key, entry);
	entry.credentials.catch(() => {
		if (recentlyRead.get(key) === entry) recentlyRead.delete(key);
	});
	return { credentials: await entry.credentials, fromCache: false };
}

/**
 * Runs a webhook request's checks with the trigger's credential, read at most once per
 * TRIGGER_CREDENTIAL_MAX_AGE_MS; a request refused with a cached copy is checked once more with a fresh
 * read, so a secret or key changed a moment ago is accepted at once.
 */
export async function withFreshCredentials<Refusal>(
	ctx: IWebhookFunctions,
	type: string,
	check: (credentials: ICredentialDataDecryptedObject) => Promise<Refusal | undefined>,
): Promise<Refusal | undefined> {
	const first = await read(ctx, type, false);
	const refusal = await check(first.credentials);
	if (refusal === undefined || !first.fromCache) return refusal;
	return await check((await read(ctx, type, true)).credentials);
}
