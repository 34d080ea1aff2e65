import type { ServiceErrorDetail, ServiceProfile } from '../errors';
import { isLoopbackHostname } from '../endpoint';
import { acsService } from './service';

/**
 * Where ACS keeps call recordings, and what may be sent there. The SDK signs a recording request for the
 * ACS endpoint and sends it to the recording's own host, so the credential leaves the endpoint's origin:
 * it goes only to the hosts of the SDK's allow-list ("to prevent credential exfiltration",
 * `utli/recordingUrlValidator` of @azure/communication-call-automation).
 */

const RECORDING_HOST_SUFFIXES = [
	'.asm.skype.com',
	'.asyncgw.teams.microsoft.com',
	'.ams.gov.teams.microsoft.us',
];

/**
 * Why `location` may not receive the credential of `endpoint`, or undefined when it may: https on a host
 * of the SDK's allow-list, or (only when the endpoint itself is loopback, as the emulator is) a loopback
 * http(s) URL.
 */
export function recordingLocationProblem(location: string, endpoint: URL): string | undefined {
	if (!URL.canParse(location)) return 'is not an absolute URL';
	const url = new URL(location);
	const host = url.hostname.toLowerCase();
	if (url.protocol === 'https:' && RECORDING_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix)))
		return undefined;
	const loopback =
		(url.protocol === 'http:' || url.protocol === 'https:') &&
		isLoopbackHostname(url.hostname) &&
		isLoopbackHostname(endpoint.hostname);
	if (loopback) return undefined;
	return `points to ${url.protocol}//${url.host}, which is not a recording location of ACS (https on *${RECORDING_HOST_SUFFIXES.join(', *')})`;
}

/** The document ID in a location `…/v1/objects/{documentId}/content/{kind}`, for naming the file. */
export function recordingDocumentId(location: URL): string | undefined {
	const segment = /\/objects\/([^/]+)\/content\/[^/]+$/.exec(location.pathname)?.[1];
	if (!segment) return undefined;
	try {
		return decodeURIComponent(segment);
	} catch {
		return undefined;
	}
}

/** The recording host answers errors as `{status, message}` (what the SDK reads), or as the ACS endpoint does. */
function readStorageError(body: unknown, headers: Record<string, string>): ServiceErrorDetail {
	const acs = acsService.readError(body, headers);
	const message = (body as { message?: unknown } | undefined)?.message;
	return {
		code: acs.code,
		message: acs.message ?? (typeof message === 'string' ? message : undefined),
	};
}

export const recordingStorageService: ServiceProfile = {
	name: 'Azure Communication Services recording storage',
	readError: readStorageError,
	hint: (status, detail) =>
		status === 404
			? 'The recording is not there (any more). ACS keeps recordings for 24 hours after the call, and a deleted recording is gone: use the locations of a recent Recording File Status Updated event.'
			: acsService.hint(status, detail),
};
