import type { IHookFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { parseServiceOrigin } from '../endpoint';
import { credentialProblem } from '../errors';
import { createConnection, type Connection } from '../http/connection';
import { DEFAULT_MAX_RETRIES } from '../http/retry';
import { DEFAULT_TIMEOUT_MS } from '../reliability';
import { armService } from './service';

export const ARM_CREDENTIAL_TYPE = 'azureResourceManagerOAuth2Api';

/**
 * Requests to Azure Resource Manager with the Azure Resource Manager credential's token, for the
 * trigger's activation and its pickers: the credential's Resource Manager URL only, default retries.
 */
export async function connectArm(ctx: IHookFunctions | ILoadOptionsFunctions): Promise<Connection> {
	const credentials = await ctx.getCredentials(ARM_CREDENTIAL_TYPE);
	let origin: URL;
	try {
		origin = parseServiceOrigin(
			credentials.resourceManagerUrl || 'https://management.azure.com',
			'Resource Manager URL',
		);
	} catch (error) {
		throw credentialProblem(ctx, 0, error);
	}
	return createConnection(ctx, 0, {
		origin,
		transport: {
			service: armService,
			send: async (options) =>
				await ctx.helpers.httpRequestWithAuthentication.call(ctx, ARM_CREDENTIAL_TYPE, options),
			maxRetries: DEFAULT_MAX_RETRIES,
			timeoutMs: DEFAULT_TIMEOUT_MS,
			renewAuthentication: async () => {
				await ctx.helpers.refreshOAuth2Token.call(ctx, ARM_CREDENTIAL_TYPE);
				return true;
			},
		},
	});
}
