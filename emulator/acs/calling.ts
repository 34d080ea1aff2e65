import {
	acsError,
	decodeSegment,
	empty,
	isRecord,
	parseJsonBody,
	type EmuResponse,
	type RequestContext,
} from '../http';
import { checkApiVersion } from './apiVersions';
import { authenticateService } from './auth';

function isHttpsUrl(value: string): boolean {
	try {
		return new URL(value).protocol === 'https:';
	} catch {
		return false;
	}
}

/** POST /calling/callConnections/{id}:startMediaStreaming | :stopMediaStreaming → 202, empty body. */
export function mediaStreaming(ctx: RequestContext, rawCallConnectionId: string): EmuResponse {
	const guardError = checkApiVersion(ctx, 'calling') ?? authenticateService(ctx);
	if (guardError) return guardError;

	const body = parseJsonBody(ctx);
	if (!body.ok || (body.value !== undefined && !isRecord(body.value)))
		return acsError(400, 'BadRequest', 'The request body must be a JSON object.');
	const request = body.value ?? {};
	const { operationCallbackUri, operationContext } = request;
	if (
		operationCallbackUri !== undefined &&
		(typeof operationCallbackUri !== 'string' || !isHttpsUrl(operationCallbackUri))
	) {
		return acsError(400, 'BadRequest', 'operationCallbackUri must be an absolute https URL.');
	}
	if (operationContext !== undefined && typeof operationContext !== 'string') {
		return acsError(400, 'BadRequest', 'operationContext must be a string.');
	}

	const id = decodeSegment(rawCallConnectionId);
	const { calls } = ctx.env.fixtures.acs;
	if (id !== calls.activeCallConnectionId && id !== calls.secondCallConnectionId) {
		return acsError(404, 'NotFound', 'Call connection not found.');
	}
	return empty(202);
}
