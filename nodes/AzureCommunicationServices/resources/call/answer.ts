import { ACS_API_VERSIONS, acsOptions, repeatabilityHeaders } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import {
	callbackUriProperty,
	callConnectionItem,
	callSetupOptions,
	incomingCallContextProperty,
	readCallSetup,
	readIncomingCallContext,
} from './properties';

/**
 * POST /calling/callConnections:answer (200 CallConnectionProperties). Repeatable: a retry after a lost
 * response carries the same Repeatability-Request-ID, so ACS answers it from the first attempt and the
 * call is never answered twice.
 */
export const answer: Operation = {
	option: {
		name: 'Answer',
		action: 'Answer a call',
		description:
			'Answer an incoming call (from the IncomingCall event); its events then go to the callback URI',
	},
	properties: [
		incomingCallContextProperty,
		callbackUriProperty,
		acsOptions(ACS_API_VERSIONS.calling, callSetupOptions),
	],
	async execute(ctx, itemIndex) {
		const incomingCallContext = readIncomingCallContext(ctx, itemIndex);
		const { callbackUri, operationContext, callIntelligenceOptions, mediaStreamingOptions } =
			readCallSetup(ctx, itemIndex);
		const acs = await connectAcs(ctx, itemIndex, 'calling');
		const response = await acs.request({
			method: 'POST',
			path: ['calling', 'callConnections'],
			suffix: ':answer',
			body: {
				incomingCallContext,
				callbackUri,
				operationContext,
				callIntelligenceOptions,
				mediaStreamingOptions,
			},
			headers: repeatabilityHeaders(),
			idempotencyKey: true,
		});
		return callConnectionItem(response.body);
	},
};
