import type { IDataObject } from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions, readCallbackUri, readId } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';

type MediaStreamingAction = 'startMediaStreaming' | 'stopMediaStreaming';

/**
 * Start and stop media streaming are the same request with a different action
 * (POST /calling/callConnections/{id}:{action}); both answer 202 and report the outcome later to the
 * callback URI, so the item says the request was accepted and carries what correlates the callback.
 */
export function mediaStreamingOperation(
	action: MediaStreamingAction,
	option: Operation['option'],
): Operation {
	return {
		option,
		properties: [
			{
				displayName: 'Call Connection ID',
				name: 'callConnectionId',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. 421f3500-f5de-4c12-bf61-9e2641433687',
				description:
					'The ID of the call connection, from the CallConnected event or the answer/create call response',
			},
			{
				displayName: 'Additional Fields',
				name: 'additionalFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				options: [
					{
						displayName: 'Operation Callback URI',
						name: 'operationCallbackUri',
						type: 'string',
						default: '',
						placeholder: 'https://example.com/acs/events',
						description:
							'Where the MediaStreamingStarted/Stopped/Failed event is sent, instead of the callback URI set when the call was created or answered. Must be https.',
					},
					{
						displayName: 'Operation Context',
						name: 'operationContext',
						type: 'string',
						default: '',
						description:
							'A value of your choice that comes back in the event, to match it to this request',
					},
				],
			},
			acsOptions(ACS_API_VERSIONS.calling),
		],
		async execute(ctx, itemIndex) {
			const callConnectionId = readId(ctx, itemIndex, 'callConnectionId', 'Call Connection ID');
			const fields = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
			const body: IDataObject = {};
			const operationCallbackUri = readCallbackUri(
				ctx,
				itemIndex,
				fields.operationCallbackUri,
				'Operation Callback URI',
			);
			if (operationCallbackUri) body.operationCallbackUri = operationCallbackUri;
			if (typeof fields.operationContext === 'string' && fields.operationContext !== '') {
				body.operationContext = fields.operationContext;
			}
			const acs = await connectAcs(ctx, itemIndex, 'calling');
			const response = await acs.request({
				method: 'POST',
				path: ['calling', 'callConnections', callConnectionId],
				suffix: `:${action}`,
				body,
				responseType: 'none',
			});
			const status = response.statusCode === 202 ? 'accepted' : `http ${response.statusCode}`;
			return [{ json: { callConnectionId, operation: action, status, ...body } }];
		},
	};
}
