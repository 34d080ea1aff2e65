import { createHash } from 'node:crypto';
import { acsError, header, type EmuResponse, type RequestContext } from '../http';

/** How long ACS remembers a repeatable request after its Repeatability-First-Sent. */
export const REPEATABILITY_WINDOW_MS = 5 * 60 * 1000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

function rejected(status: number, code: string, message: string): EmuResponse {
	return acsError(status, code, message, { 'Repeatability-Result': 'rejected' });
}

/**
 * ACS repeatable requests (OASIS Repeatable Requests 1.0, as ACS documents them): both headers or
 * neither; a GUID and an IMF-fixdate, else 400; a first-sent time older than the 5-minute window,
 * 412; a known ID with another body, 400; a known ID with the same body gets the first answer again
 * (a 5xx is re-executed), so a retry never acts twice. Answers say `Repeatability-Result`.
 */
export async function repeatable(
	ctx: RequestContext,
	execute: () => EmuResponse | Promise<EmuResponse>,
): Promise<EmuResponse> {
	const id = header(ctx, 'repeatability-request-id');
	const firstSentHeader = header(ctx, 'repeatability-first-sent');
	if (id === undefined && firstSentHeader === undefined) return await execute();
	if (id === undefined || !GUID.test(id))
		return rejected(
			400,
			'InvalidRepeatabilityRequestId',
			'Repeatability-Request-ID must be a GUID.',
		);
	const firstSent = firstSentHeader === undefined ? NaN : Date.parse(firstSentHeader);
	if (
		firstSentHeader === undefined ||
		!IMF_FIXDATE.test(firstSentHeader) ||
		Number.isNaN(firstSent)
	)
		return rejected(
			400,
			'InvalidRepeatabilityFirstSent',
			'Repeatability-First-Sent must be a date in IMF-fixdate format.',
		);
	if (Math.abs(Date.now() - firstSent) > REPEATABILITY_WINDOW_MS)
		return rejected(
			412,
			'PreconditionFailed',
			'Repeatability-First-Sent header is not within the 5 minute window.',
		);
	const bodyHash = createHash('sha256').update(ctx.body).digest('base64');
	const known = ctx.env.state.repeatable.get(id);
	if (known && (known.bodyHash !== bodyHash || known.firstSent !== firstSent))
		return rejected(
			400,
			'RepeatabilityRequestMismatch',
			'A request with this Repeatability-Request-ID was already received with a different body or Repeatability-First-Sent.',
		);
	if (known && known.response.status < 500) {
		return {
			...known.response,
			headers: { ...known.response.headers, 'Repeatability-Result': 'accepted' },
		};
	}
	const response = await execute();
	const body = Buffer.isBuffer(response.body) ? response.body : Buffer.alloc(0);
	ctx.env.state.repeatable.set(id, {
		bodyHash,
		firstSent,
		response: { status: response.status, headers: response.headers ?? {}, body },
	});
	return { ...response, headers: { ...response.headers, 'Repeatability-Result': 'accepted' } };
}
