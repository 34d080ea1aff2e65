import { NodeOperationError } from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions, repeatabilityHeaders } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import { incomingCallContextProperty, readIncomingCallContext } from './properties';

const REASONS = ['none', 'busy', 'forbidden'];

/**
 * POST /calling/callConnections:reject (204), repeatable. The output leaves the (long, opaque) incoming
 * call context out: the IncomingCall event that led here still has it.
 */
export const reject: Operation = {
	option: {
		name: 'Reject',
		action: 'Reject a call',
		description: 'Reject an incoming call (from the IncomingCall event)',
	},
	properties: [
		incomingCallContextProperty,
		{
			displayName: 'Reason',
			name: 'reason',
			type: 'options',
			options: [
				{ name: 'None', value: 'none', description: 'No reason given' },
				{ name: 'Busy', value: 'busy', description: 'The callee is busy' },
				{ name: 'Forbidden', value: 'forbidden', description: 'The caller may not call' },
			],
			default: 'none',
			description: 'What the caller is told',
		},
		acsOptions(ACS_API_VERSIONS.calling),
	],
	async execute(ctx, itemIndex) {
		const incomingCallContext = readIncomingCallContext(ctx, itemIndex);
		const reason = ctx.getNodeParameter('reason', itemIndex, 'none') as string;
		if (!REASONS.includes(reason)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Reason "${reason}" is not none, busy or forbidden`,
				{
					itemIndex,
				},
			);
		}
		const acs = await connectAcs(ctx, itemIndex, 'calling');
		await acs.request({
			method: 'POST',
			path: ['calling', 'callConnections'],
			suffix: ':reject',
			body: { incomingCallContext, callRejectReason: reason },
			headers: repeatabilityHeaders(),
			idempotencyKey: true,
			responseType: 'none',
		});
		return [{ json: { status: 'rejected', callRejectReason: reason } }];
	},
};
