import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import { credentialsOf } from '../credentialsPerRun';
import { credentialProblem, InvalidCredentialError } from '../errors';
import { createConnection, type Connection } from '../http/connection';
import type { RequestContext } from '../http/transport';
import { DEFAULT_TIMEOUT_MS, readReliability } from '../reliability';
import { DEFAULT_MAX_RETRIES } from '../http/retry';
import { pathSegment } from '../validation';
import { signalWireService } from './service';
import { parseSpaceUrl } from './space';

export const SIGNALWIRE_CREDENTIAL_TYPE = 'signalWireApi';
const API_ROOT = '/api/laml/2010-04-01';

/**
 * Requests to the Compatibility API of the user's space, below `/api/laml/2010-04-01/Accounts/{ProjectId}`,
 * with the project's Basic credentials; `anonymous` sends without them, for hosts outside the space.
 */
export interface SignalWireConnection extends Connection {
	anonymous: Connection;
}

type Helpers = Pick<IExecuteFunctions['helpers'], 'httpRequest' | 'httpRequestWithAuthentication'>;

function signalWireConnection(
	ctx: RequestContext & { helpers: Helpers },
	credentials: ICredentialDataDecryptedObject,
	itemIndex: number,
	reliability: { maxRetries: number; timeoutMs: number },
): SignalWireConnection {
	const projectId = String(credentials.projectId ?? '').trim();
	const space = parseSpaceUrl(credentials.spaceUrl);
	if (!projectId) throw new InvalidCredentialError('Project ID is empty');
	const basePath = `${API_ROOT}/Accounts/${pathSegment(projectId)}`;
	const connection = createConnection(ctx, itemIndex, {
		origin: space,
		basePath,
		transport: {
			service: signalWireService,
			send: async (options) =>
				await ctx.helpers.httpRequestWithAuthentication.call(
					ctx as IExecuteFunctions,
					SIGNALWIRE_CREDENTIAL_TYPE,
					options,
				),
			...reliability,
		},
	});
	const anonymous = createConnection(ctx, itemIndex, {
		origin: space,
		basePath,
		transport: {
			service: signalWireService,
			send: async (options) => await ctx.helpers.httpRequest(options),
			...reliability,
		},
	});
	return { ...connection, anonymous };
}

export async function connectSignalWire(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<SignalWireConnection> {
	const credentials = await credentialsOf(ctx, SIGNALWIRE_CREDENTIAL_TYPE, itemIndex);
	const reliability = readReliability(ctx, itemIndex);
	try {
		return signalWireConnection(ctx, credentials, itemIndex, reliability);
	} catch (error) {
		throw credentialProblem(ctx, itemIndex, error);
	}
}

/** The same connection for a trigger's activation and deactivation, with the default retries. */
export function connectSignalWireForHook(
	ctx: IHookFunctions | ILoadOptionsFunctions,
	credentials: ICredentialDataDecryptedObject,
): SignalWireConnection {
	return signalWireConnection(ctx, credentials, 0, {
		maxRetries: DEFAULT_MAX_RETRIES,
		timeoutMs: DEFAULT_TIMEOUT_MS,
	});
}

/** The same connection for the lists of a picker (the node has no Options there: default retries). */
export async function connectSignalWireForList(
	ctx: ILoadOptionsFunctions,
): Promise<SignalWireConnection> {
	const credentials = await ctx.getCredentials(SIGNALWIRE_CREDENTIAL_TYPE);
	try {
		return connectSignalWireForHook(ctx, credentials);
	} catch (error) {
		throw credentialProblem(ctx, 0, error);
	}
}
