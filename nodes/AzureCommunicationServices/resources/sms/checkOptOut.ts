import { optOutOperation } from './properties';

/** POST /sms/optouts:check: whether each recipient is opted out of SMS from the sender. */
export const checkOptOut = optOutOperation('check', {
	name: 'Check Opt-Out',
	action: 'Check SMS opt-outs',
	description: 'Check whether phone numbers are opted out of SMS from a sender',
});
