import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * Credentials are read and parsed once per node run rather than per item: n8n resolves them the same way
 * for every item, and thousands of items would otherwise repeat the work (BENCHMARKS.md, CPU per item).
 */
const credentialsPerRun = new WeakMap<
	IExecuteFunctions,
	Map<string, Promise<ICredentialDataDecryptedObject>>
>();

export async function credentialsOf(
	ctx: IExecuteFunctions,
	type: string,
	itemIndex: number,
): Promise<ICredentialDataDecryptedObject> {
	let perType = credentialsPerRun.get(ctx);
	if (!perType) credentialsPerRun.set(ctx, (perType = new Map()));
	let credentials = perType.get(type);
	if (!credentials) perType.set(type, (credentials = ctx.getCredentials(type, itemIndex)));
	return await credentials;
}
