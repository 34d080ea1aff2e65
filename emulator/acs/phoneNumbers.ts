import { json, type EmuResponse, type RequestContext } from '../http';
import { checkApiVersion } from './apiVersions';
import { authenticateService } from './auth';

/** GET /phoneNumbers: a cheap authenticated call that proves an access key or Entra token works. */
export function listPhoneNumbers(ctx: RequestContext): EmuResponse {
	return (
		checkApiVersion(ctx, 'phoneNumbers') ??
		authenticateService(ctx) ??
		json(200, { phoneNumbers: [] })
	);
}
