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
	readSourceCallerId,
	sourceCallerIdNumberProperty,
} from './properties';

/**
 * POST /calling/callConnections/{id}:transferToParticipant (202), repeatable. Without an operation
 * context one is made up, as the SDK does, so the CallTransferAccepted/Failed event can be matched.
 */
export const transfer: Operation = {
	option: {
		name: 'Transfer',
		action: 'Transfer a call',
		description: 'Transfer a 1:1 call (or one of its participants) to another participant',
	},
	properties: [
		callConnectionIdProperty,
		participantProperty('Target', 'target', 'Who the call is transferred to'),
		acsOptions(ACS_API_VERSIONS.calling, [
			{
				displayName: 'Transferee',
				name: 'transferee',
				type: 'string',
				default: '',
				placeholder: 'e.g. +14255550123 or 8:acs:…',
				description:
					'In a group call, the participant to transfer (phone number or ACS/Teams ID); in a 1:1 call, leave empty',
			},
			sourceCallerIdNumberProperty,
			operationContextOption,
			operationCallbackUriOption('CallTransferAccepted/Failed'),
		]),
	],
	async execute(ctx, itemIndex) {
		const callConnectionId = readId(ctx, itemIndex, 'callConnectionId', 'Call Connection ID');
		const targetParticipant = readIdentifier(ctx, itemIndex, 'target', 'Target');
		const transfereeText = ctx.getNodeParameter('options.transferee', itemIndex, '') as unknown;
		const transferee =
			typeof transfereeText === 'string' && transfereeText.trim() === ''
				? undefined
				: readIdentifier(ctx, itemIndex, 'options.transferee', 'Transferee');
		const sourceCallerIdNumber = readSourceCallerId(
			ctx,
			itemIndex,
			'options.sourceCallerIdNumber',
			[],
		);
		const { operationContext = randomUUID(), operationCallbackUri } = readOperationFields(
			ctx,
			itemIndex,
		);
		const acs = await connectAcs(ctx, itemIndex, 'calling');
		const response = await acs.request({
			method: 'POST',
			path: ['calling', 'callConnections', callConnectionId],
			suffix: ':transferToParticipant',
			body: {
				targetParticipant,
				operationContext,
				transferee,
				operationCallbackUri,
				sourceCallerIdNumber,
			},
			headers: repeatabilityHeaders(),
			idempotencyKey: true,
		});
		const body = (response.body ?? {}) as { operationContext?: string };
		return [
			{
				json: {
					callConnectionId,
					status: 'accepted',
					target: targetParticipant.rawId,
					operationContext: body.operationContext ?? operationContext,
				},
			},
		];
	},
};
