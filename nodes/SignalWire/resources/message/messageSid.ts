import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { changedInVersion, resourceLocator } from '../../../../shared/resourceLocator';
import { readId } from '../../helpers';

const NAME = 'messageSid';
const LABEL = 'Message SID';

/** Version 1: the SID typed or mapped in; version 2: picked from the project's recent messages. */
export const messageSidProperties: INodeProperties[] = changedInVersion(
	2,
	{
		displayName: LABEL,
		name: NAME,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 0a059168-ead0-41af-9d1f-343dae832527',
		description:
			'The SID of the message (the sid returned by Send, or MessageSid in the inbound message webhook)',
	},
	resourceLocator({
		displayName: 'Message',
		name: NAME,
		description:
			'The message: pick one of the recent messages (newest first; search by a phone number in E.164 form to see the messages sent to it), or enter its SID (the sid returned by Send, or MessageSid of the inbound message webhook)',
		searchListMethod: 'searchMessages',
		id: {
			placeholder: 'e.g. 0a059168-ead0-41af-9d1f-343dae832527',
			regex: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
			errorMessage:
				'Not a message SID: SignalWire SIDs look like 0a059168-ead0-41af-9d1f-343dae832527',
		},
	}),
);

export function readMessageSid(ctx: IExecuteFunctions, itemIndex: number): string {
	return readId(ctx, itemIndex, NAME, LABEL);
}
