import { optOutOperation } from './properties';

/** POST /sms/optouts:remove: the recipients may get SMS from the sender again. */
export const removeOptOut = optOutOperation('remove', {
	name: 'Remove Opt-Out',
	action: 'Remove SMS opt-outs',
	description: 'Opt phone numbers back in to SMS from a sender',
});
