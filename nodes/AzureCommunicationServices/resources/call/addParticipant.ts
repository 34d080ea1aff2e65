import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

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
	optionalText,
	participantProperty,
	readOperationFields,
	readSourceCallerId,
	sourceCallerIdNumberProperty,
	sourceDisplayNameOption,
} from './properties';

const MAX_INVITATION_TIMEOUT_SECONDS = 180;

/**
 * POST /calling/callConnections/{id}/participants:add (202 {participant, invitationId,
 * operationContext}), repeatable: a retry never invites twice. The outcome comes later as
 * AddParticipantSucceeded/Failed.
 */
export const addParticipant: Operation = {
	option: {
		name: 'Add Participant',
		action: 'Add a participant to a call',
		description: 'Invite a phone number, ACS user or Teams user into a call',
	},
	properties: [
		callConnectionIdProperty,
		participantProperty('Participant', 'participant', 'Who to invite into the call'),
		acsOptions(ACS_API_VERSIONS.calling, [
			sourceCallerIdNumberProperty,
			sourceDisplayNameOption,
			{
				displayName: 'Invitation Timeout (Seconds)',
				name: 'invitationTimeoutInSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_INVITATION_TIMEOUT_SECONDS },
				default: 60,
				description: `How long the invitation rings before it fails (at most ${MAX_INVITATION_TIMEOUT_SECONDS})`,
			},
			operationContextOption,
			operationCallbackUriOption('AddParticipantSucceeded/Failed'),
		]),
	],
	async execute(ctx, itemIndex) {
		const callConnectionId = readId(ctx, itemIndex, 'callConnectionId', 'Call Connection ID');
		const participantToAdd = readIdentifier(ctx, itemIndex, 'participant', 'Participant');
		const sourceCallerIdNumber = readSourceCallerId(
			ctx,
			itemIndex,
			'options.sourceCallerIdNumber',
			[participantToAdd],
		);
		const sourceDisplayName = optionalText(
			ctx.getNodeParameter('options.sourceDisplayName', itemIndex, ''),
		);
		const invitationTimeoutInSeconds = readInvitationTimeout(ctx, itemIndex);
		const { operationContext, operationCallbackUri } = readOperationFields(ctx, itemIndex);
		const acs = await connectAcs(ctx, itemIndex, 'calling');
		const response = await acs.request({
			method: 'POST',
			path: ['calling', 'callConnections', callConnectionId, 'participants'],
			suffix: ':add',
			body: {
				sourceCallerIdNumber,
				sourceDisplayName,
				participantToAdd,
				invitationTimeoutInSeconds,
				operationContext,
				operationCallbackUri,
			},
			headers: repeatabilityHeaders(),
			idempotencyKey: true,
		});
		return [
			{
				json: {
					callConnectionId,
					status: 'accepted',
					...((response.body ?? {}) as IDataObject),
				},
			},
		];
	},
};

function readInvitationTimeout(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const value = ctx.getNodeParameter(
		'options.invitationTimeoutInSeconds',
		itemIndex,
		'',
	) as unknown;
	if (value === '' || value === undefined || value === null) return undefined;
	const seconds = Number(value);
	if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_INVITATION_TIMEOUT_SECONDS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Invitation Timeout (Seconds) "${String(value)}" is not a whole number from 1 to ${MAX_INVITATION_TIMEOUT_SECONDS}`,
			{ itemIndex },
		);
	}
	return seconds;
}
