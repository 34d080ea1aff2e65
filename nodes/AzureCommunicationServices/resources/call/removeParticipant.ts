import { randomUUID } from 'crypto';

import {
	ACS_API_VERSIONS,
	acsOptions,
	readId,
	readIdentifier,
	repeatabilityHeaders,
} from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import {
	callConnectionIdProperty,
	operationCallbackUriOption,
	operationContextOption,
	participantProperty,
	readOperationFields,
} from './properties';

/**
 * POST /calling/callConnections/{id}/participants:remove (202), repeatable. Without an operation
 * context one is made up, as the SDK does, so the RemoveParticipantSucceeded/Failed event can be matched.
 */
export const removeParticipant: Operation = {
	option: {
		name: 'Remove Participant',
		action: 'Remove a participant from a call',
		description: 'Remove a participant from a call',
	},
	properties: [
		callConnectionIdProperty,
		participantProperty('Participant', 'participant', 'Who to remove from the call'),
		acsOptions(ACS_API_VERSIONS.calling, [
			operationContextOption,
			operationCallbackUriOption('RemoveParticipantSucceeded/Failed'),
		]),
	],
	async execute(ctx, itemIndex) {
		const callConnectionId = readId(ctx, itemIndex, 'callConnectionId', 'Call Connection ID');
		const participantToRemove = readIdentifier(ctx, itemIndex, 'participant', 'Participant');
		const { operationContext = randomUUID(), operationCallbackUri } = readOperationFields(
			ctx,
			itemIndex,
		);
		const acs = await connectAcs(ctx, itemIndex, 'calling');
		const response = await acs.request({
			method: 'POST',
			path: ['calling', 'callConnections', callConnectionId, 'participants'],
			suffix: ':remove',
			body: { participantToRemove, operationContext, operationCallbackUri },
			headers: repeatabilityHeaders(),
			idempotencyKey: true,
		});
		const body = (response.body ?? {}) as { operationContext?: string };
		return [
			{
				json: {
					callConnectionId,
					status: 'accepted',
					participant: participantToRemove.rawId,
					operationContext: body.operationContext ?? operationContext,
				},
			},
		];
	},
};
