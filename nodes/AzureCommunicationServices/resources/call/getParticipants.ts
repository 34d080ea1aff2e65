import { ACS_API_VERSIONS, acsOptions, readId, returnAllAndLimit } from '../../helpers';
import { azurePage, collectPages, connectAcs, readPaging, type Operation } from '../../transport';
import { callConnectionIdProperty } from './properties';

/** GET /calling/callConnections/{id}/participants, following each `nextLink`: one item per participant. */
export const getParticipants: Operation = {
	option: {
		name: 'Get Participants',
		action: 'Get the participants of a call',
		description: 'List who is in a call (identifier, muted, on hold)',
	},
	properties: [
		callConnectionIdProperty,
		...returnAllAndLimit(),
		acsOptions(ACS_API_VERSIONS.calling),
	],
	async execute(ctx, itemIndex) {
		const callConnectionId = readId(ctx, itemIndex, 'callConnectionId', 'Call Connection ID');
		// The API takes no page size: the limit only stops the paging early.
		const { limit } = readPaging(ctx, itemIndex, 'pageSize', Infinity);
		const acs = await connectAcs(ctx, itemIndex, 'calling');
		return await collectPages(
			ctx,
			itemIndex,
			acs,
			{ method: 'GET', path: ['calling', 'callConnections', callConnectionId, 'participants'] },
			azurePage,
			limit,
		);
	},
};
