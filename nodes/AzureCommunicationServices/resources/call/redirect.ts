import { ACS_API_VERSIONS, acsOptions, readIdentifier, repeatabilityHeaders } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import {
	incomingCallContextProperty,
	participantProperty,
	readIncomingCallContext,
} from './properties';

/**
 * POST /calling/callConnections:redirect (204), repeatable. The request has no caller ID field: the
 * caller's own number is shown to the new target.
 */
export const redirect: Operation = {
	option: {
		name: 'Redirect',
		action: 'Redirect a call',
		description:
			'Send an incoming call (from the IncomingCall event) to another participant, unanswered',
	},
	properties: [
		incomingCallContextProperty,
		participantProperty('Target', 'target', 'Who the call rings instead'),
		acsOptions(ACS_API_VERSIONS.calling),
	],
	async execute(ctx, itemIndex) {
		const incomingCallContext = readIncomingCallContext(ctx, itemIndex);
		const target = readIdentifier(ctx, itemIndex, 'target', 'Target');
		const acs = await connectAcs(ctx, itemIndex, 'calling');
		await acs.request({
			method: 'POST',
			path: ['calling', 'callConnections'],
			suffix: ':redirect',
			body: { incomingCallContext, target },
			headers: repeatabilityHeaders(),
			idempotencyKey: true,
			responseType: 'none',
		});
		return [{ json: { status: 'redirected', target: target.rawId } }];
	},
};
