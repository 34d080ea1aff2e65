import type { IDataObject } from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions, readId, repeatabilityHeaders } from '../../helpers';
import type { Operation } from '../../transport';
import {
	callConnectionIdProperty,
	operationFieldProperties,
	postMediaAction,
	readMediaParticipant,
	readOperationFields,
	readTones,
	targetParticipantProperty,
} from './common';

/**
 * POST /calling/callConnections/{id}:sendDtmfTones (202; SendDtmfTonesCompleted/Failed by callback).
 * The API declares repeatability headers here, so a retry after a lost response never sends the tones
 * twice.
 */
export const sendDtmf: Operation = {
	option: {
		name: 'Send DTMF',
		action: 'Send DTMF tones in a call',
		description: 'Send keypad tones to a participant, e.g. to work a phone menu',
	},
	properties: [
		callConnectionIdProperty,
		{
			displayName: 'Tones',
			name: 'tones',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 1, 2, #',
			description:
				'The keys to press, in order: 0–9, *, #, A–D, or their names (zero … nine, asterisk, pound, a … d), separated by commas. A run of keys such as 123# is one tone per key.',
		},
		{
			...targetParticipantProperty,
			description:
				'Who hears the tones: a phone number (E.164) or an ACS/Teams ID of a participant of the call',
		},
		acsOptions(ACS_API_VERSIONS.calling, operationFieldProperties('SendDtmfTonesCompleted/Failed')),
	],
	async execute(ctx, itemIndex) {
		const callConnectionId = readId(ctx, itemIndex, 'callConnectionId', 'Call Connection ID');
		const tones = readTones(ctx, itemIndex, 'tones', 'Tones');
		const targetParticipant = readMediaParticipant(
			ctx,
			itemIndex,
			'targetParticipant',
			'Target Participant',
		);
		const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const operationFields = readOperationFields(ctx, itemIndex, options);
		return await postMediaAction(
			ctx,
			itemIndex,
			callConnectionId,
			'sendDtmfTones',
			{
				body: { tones, targetParticipant, ...operationFields },
				headers: repeatabilityHeaders(),
				idempotencyKey: true,
				effect: 'the tones may or may not have been sent',
			},
			{ tones, ...operationFields },
		);
	},
};
