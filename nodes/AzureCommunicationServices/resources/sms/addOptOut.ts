import { optOutOperation } from './properties';

/** POST /sms/optouts:add: the recipients get no more SMS from the sender. */
export const addOptOut = optOutOperation('add', {
	name: 'Add Opt-Out',
	action: 'Add SMS opt-outs',
	description: 'Opt phone numbers out of SMS from a sender, so ACS no longer sends to them',
});
