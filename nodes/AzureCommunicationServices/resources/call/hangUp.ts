import { ACS_API_VERSIONS, acsOptions, readId, repeatabilityHeaders } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import { callConnectionIdProperty } from './properties';

/**
 * Leave the call (DELETE /calling/callConnections/{id}, 204: in a 1:1 call that ends it), or end it for
 * everyone (POST …/{id}:terminate, 204, repeatable), as the SDK's hangUp(isForEveryone) does.
 */
export const hangUp: Operation = {
	option: {
		name: 'Hang Up',
		action: 'Hang up a call',
		description: 'Leave a call, or end it for every participant',
	},
	properties: [
		callConnectionIdProperty,
		{
			displayName: 'For Everyone',
			name: 'forEveryone',
			type: 'boolean',
			default: false,
			description:
				'Whether to end the call for all participants; otherwise ACS leaves the call, which ends it only when one other participant was left',
		},
		acsOptions(ACS_API_VERSIONS.calling),
	],
	async execute(ctx, itemIndex) {
		const callConnectionId = readId(ctx, itemIndex, 'callConnectionId', 'Call Connection ID');
		const forEveryone = ctx.getNodeParameter('forEveryone', itemIndex, false) === true;
		const acs = await connectAcs(ctx, itemIndex, 'calling');
		const path = ['calling', 'callConnections', callConnectionId];
		await acs.request(
			forEveryone
				? {
						method: 'POST',
						path,
						suffix: ':terminate',
						headers: repeatabilityHeaders(),
						idempotencyKey: true,
						responseType: 'none',
					}
				: { method: 'DELETE', path, responseType: 'none' },
		);
		return [
			{ json: { callConnectionId, status: forEveryone ? 'terminated' : 'hungUp', forEveryone } },
		];
	},
};
