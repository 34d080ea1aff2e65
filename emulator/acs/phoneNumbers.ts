import { acsError, json, type EmuResponse, type RequestContext } from '../http';
import { checkApiVersion } from './apiVersions';
import { authenticateService } from './auth';

const DEFAULT_TOP = 100;

/** GET /phoneNumbers?skip=&top=: the resource's purchased numbers with their capabilities, paged by nextLink. */
export function listPhoneNumbers(ctx: RequestContext): EmuResponse {
	const refused = checkApiVersion(ctx, 'phoneNumbers') ?? authenticateService(ctx);
	if (refused) return refused;
	const skip = Number(ctx.query.get('skip') ?? 0);
	const top = Number(ctx.query.get('top') ?? DEFAULT_TOP);
	if (!Number.isInteger(skip) || skip < 0)
		return acsError(400, 'BadRequest', 'skip must be a non-negative integer.');
	if (!Number.isInteger(top) || top < 1 || top > DEFAULT_TOP)
		return acsError(400, 'BadRequest', `top must be an integer between 1 and ${DEFAULT_TOP}.`);
	const inventory = ctx.env.fixtures.acs.phoneNumberInventory;
	const phoneNumbers = inventory.slice(skip, skip + top);
	let nextLink: string | undefined;
	if (skip + top < inventory.length) {
		const next = new URLSearchParams({
			skip: String(skip + top),
			top: String(top),
			'api-version': ctx.query.get('api-version') ?? '',
		});
		nextLink = `${ctx.env.url}/phoneNumbers?${next.toString()}`;
	}
	return json(200, { phoneNumbers, nextLink });
}
