import type { IDataObject } from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions, readId } from '../../helpers';
import type { Operation } from '../../transport';
import {
	callConnectionIdProperty,
	operationFieldProperties,
	postMediaAction,
	readOperationFields,
} from './common';

type MediaStreamingAction = 'startMediaStreaming' | 'stopMediaStreaming';

/**
 * Start and stop media streaming are the same request with a different action
 * (POST /calling/callConnections/{id}:{action}); both answer 202 and report the outcome later to the
 * callback URI, so the item says the request was accepted and carries what correlates the callback.
 */
export function mediaStreamingOperation(
	action: MediaStreamingAction,
	option: Operation['option'],
	effect: string,
): Operation {
	return {
		option,
		properties: [
			callConnectionIdProperty,
			{
				displayName: 'Additional Fields',
				name: 'additionalFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				options: operationFieldProperties('MediaStreamingStarted/Stopped/Failed'),
			},
			acsOptions(ACS_API_VERSIONS.calling),
		],
		async execute(ctx, itemIndex) {
			const callConnectionId = readId(ctx, itemIndex, 'callConnectionId', 'Call Connection ID');
			const fields = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
			const body = readOperationFields(ctx, itemIndex, fields, 'callbackFirst');
			return await postMediaAction(
				ctx,
				itemIndex,
				callConnectionId,
				action,
				{ body, effect },
				body,
			);
		},
	};
}
