import { NodeOperationError, type IExecuteFunctions, type IHttpRequestOptions } from 'n8n-workflow';

import { credentialsOf } from '../credentials';
import { EndpointError } from '../endpoint';
import type { Sender, Transport } from '../http/transport';
import { readReliability } from '../options';
import { pathSegment } from '../validation';
import { signalWireService } from './service';
import { parseSpaceUrl } from './space';

export const SIGNALWIRE_CREDENTIAL_TYPE = 'signalWireApi';
const API_ROOT = '/api/laml/2010-04-01';

export interface SignalWireConnection {
	space: URL;
	projectId: string;
	/** Requests that carry the project's Basic credentials (the user's space only). */
	transport: Transport;
	/** Requests that carry no credentials, for hosts outside the space. */
	anonymousTransport: Transport;
	/** `{space}/api/laml/2010-04-01/Accounts/{projectId}/Messages/{messageSid}/Media[/{mediaSid}]{suffix}` */
	mediaUrl(
		messageSid: string,
		mediaSid: string | undefined,
		suffix: '' | '.json',
		query?: URLSearchParams,
	): string;
}

export async function connectSignalWire(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<SignalWireConnection> {
	const credentials = await credentialsOf(ctx, SIGNALWIRE_CREDENTIAL_TYPE, itemIndex);
	const projectId = String(credentials.projectId ?? '').trim();
	let space: URL | undefined;
	let problem = projectId ? undefined : 'Project ID is empty';
	try {
		space = parseSpaceUrl(credentials.spaceUrl);
	} catch (error) {
		problem = error instanceof EndpointError ? error.message : String(error);
	}
	if (problem || !space) {
		throw new NodeOperationError(ctx.getNode(), `Credential problem: ${problem}`, {
			itemIndex,
			description: 'Open the SignalWire credential and correct it. Nothing was sent.',
		});
	}
	const reliability = readReliability(ctx, itemIndex);
	const withCredential: Sender = async (options) =>
		await ctx.helpers.httpRequestWithAuthentication.call(ctx, SIGNALWIRE_CREDENTIAL_TYPE, options);
	const root = `${space.origin}${API_ROOT}/Accounts/${pathSegment(projectId)}/Messages`;
	return {
		space,
		projectId,
		transport: { service: signalWireService, send: withCredential, ...reliability },
		anonymousTransport: {
			service: signalWireService,
			send: async (options) => await sendAnonymously(ctx, options),
			...reliability,
		},
		mediaUrl: (messageSid, mediaSid, suffix, query) => {
			const path = `${root}/${pathSegment(messageSid)}/Media${mediaSid === undefined ? '' : `/${pathSegment(mediaSid)}`}${suffix}`;
			const search = query?.toString();
			return search ? `${path}?${search}` : path;
		},
	};
}

async function sendAnonymously(ctx: IExecuteFunctions, options: IHttpRequestOptions) {
	return await ctx.helpers.httpRequest(options);
}
