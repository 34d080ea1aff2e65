import type { IDataObject } from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions, readId, readIdentifiers } from '../../helpers';
import type { Operation } from '../../transport';
import {
	callConnectionIdProperty,
	operationFieldProperties,
	postMediaAction,
	readOperationFields,
	withoutKind,
} from './common';
import { playSourceProperties, readPlaySource } from './playSource';

/**
 * POST /calling/callConnections/{id}:play (202; PlayStarted, then PlayCompleted/Failed/Canceled by
 * callback). Play has no repeatability key, so a play whose response may have been lost is not repeated.
 */
export const play: Operation = {
	option: {
		name: 'Play',
		action: 'Play audio in a call',
		description: 'Play an audio file, text or SSML to everyone in a call or to some participants',
	},
	properties: [
		callConnectionIdProperty,
		...playSourceProperties(false),
		acsOptions(ACS_API_VERSIONS.calling, [
			{
				displayName: 'Play To',
				name: 'playTo',
				type: 'string',
				default: '',
				placeholder: 'e.g. +14255550123, 8:acs:…',
				description:
					'Participants who hear it: phone numbers (E.164) or ACS/Teams IDs, separated by commas. Empty plays to everyone in the call.',
			},
			{
				displayName: 'Loop',
				name: 'loop',
				type: 'boolean',
				default: false,
				description:
					'Whether to repeat the audio until it is canceled (Cancel All Media Operations)',
			},
			{
				displayName: 'Interrupt Current Media Operation',
				name: 'interruptCallMediaOperation',
				type: 'boolean',
				default: false,
				description:
					'Whether to stop what is playing or listening now and play this at once, instead of queueing it',
			},
			...operationFieldProperties('PlayStarted/Completed/Failed'),
		]),
	],
	async execute(ctx, itemIndex) {
		const callConnectionId = readId(ctx, itemIndex, 'callConnectionId', 'Call Connection ID');
		const playSource = readPlaySource(ctx, itemIndex)!;
		const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const playTo = readIdentifiers(ctx, itemIndex, 'options.playTo', 'Play To', {
			optional: true,
		}).map(withoutKind);
		const operationFields = readOperationFields(ctx, itemIndex, options);
		const body: IDataObject = { playSources: [playSource], playTo };
		if (typeof options.interruptCallMediaOperation === 'boolean') {
			body.interruptCallMediaOperation = options.interruptCallMediaOperation;
		}
		body.playOptions = { loop: options.loop === true };
		Object.assign(body, operationFields);
		return await postMediaAction(
			ctx,
			itemIndex,
			callConnectionId,
			'play',
			{ body, effect: 'the audio may or may not have been played' },
			operationFields,
		);
	},
};
