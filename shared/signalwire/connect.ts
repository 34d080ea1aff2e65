import type { IExecuteFunctions } from 'n8n-workflow';

import { credentialsOf } from '../credentialsPerRun';
import { credentialProblem, InvalidCredentialError } from '../errors';
import { createConnection, type Connection } from '../http/connection';
import { readReliability } from '../reliability';
import { pathSegment } from '../validation';
import { signalWireService } from './service';
import { parseSpaceUrl } from './space';

const SIGNALWIRE_CREDENTIAL_TYPE = 'signalWireApi';
const API_ROOT = '/api/laml/2010-04-01';

/**
 * Requests to the Compatibility API of the user's space, below `/api/laml/2010-04-01/Accounts/{ProjectId}`,
 * with the project's Basic credentials; `anonymous` sends without them, for hosts outside the space.
 */
export interface SignalWireConnection extends Connection {
	anonymous: Connection;
}

export async function connectSignalWire(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<SignalWireConnection> {
	const credentials = await credentialsOf(ctx, SIGNALWIRE_CREDENTIAL_TYPE, itemIndex);
	const projectId = String(credentials.projectId ?? '').trim();
	let space: URL;
	try {
		space = parseSpaceUrl(credentials.spaceUrl);
		if (!projectId) throw new InvalidCredentialError('Project ID is empty');
	} catch (error) {
		throw credentialProblem(ctx, itemIndex, error);
	}
	const reliability = readReliability(ctx, itemIndex);
	const basePath = `${API_ROOT}/Accounts/${pathSegment(projectId)}`;
	const connection = createConnection(ctx, itemIndex, {
		origin: space,
		basePath,
		transport: {
			service: signalWireService,
			send: async (options) =>
				await ctx.helpers.httpRequestWithAuthentication.call(
					ctx,
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
