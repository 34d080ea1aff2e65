import { ACS_API_VERSIONS, acsOptions, readId } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import { callConnectionIdProperty, callConnectionItem } from './properties';

/** GET /calling/callConnections/{id} (200 CallConnectionProperties). */
export const get: Operation = {
	option: {
		name: 'Get',
		action: 'Get a call',
		description: 'Get the state, participants and settings of a call connection',
	},
	properties: [callConnectionIdProperty, acsOptions(ACS_API_VERSIONS.calling)],
	async execute(ctx, itemIndex) {
		const callConnectionId = readId(ctx, itemIndex, 'callConnectionId', 'Call Connection ID');
		const acs = await connectAcs(ctx, itemIndex, 'calling');
		const response = await acs.request({
			method: 'GET',
			path: ['calling', 'callConnections', callConnectionId],
		});
		return callConnectionItem(response.body);
	},
};
