import { ACS_API_VERSIONS, acsOptions, readIdentifiers, repeatabilityHeaders } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import {
	callbackUriProperty,
	callConnectionItem,
	callSetupOptions,
	optionalText,
	readCallSetup,
	readSourceCallerId,
	sourceCallerIdNumberProperties,
	sourceDisplayNameOption,
} from './properties';

/**
 * POST /calling/callConnections (201 CallConnectionProperties), repeatable: a retry after a lost
 * response never places the call twice. One target is a 1:1 call, several a group call (the SDK's
 * createCall and createGroupCall send the same request).
 */
export const create: Operation = {
	option: {
		name: 'Create',
		action: 'Place a call',
		description:
			'Call one or more phone numbers or ACS users; the events of the call go to the callback URI',
	},
	properties: [
		{
			displayName: 'Targets',
			name: 'targets',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +14255550123, 8:acs:…',
			description:
				'Who to call: phone numbers in E.164 form (e.g. +14255550123) or ACS user IDs (8:acs:…), separated by commas, or a list from an expression. Several targets make a group call.',
		},
		...sourceCallerIdNumberProperties,
		callbackUriProperty,
		acsOptions(ACS_API_VERSIONS.calling, [...callSetupOptions, sourceDisplayNameOption]),
	],
	async execute(ctx, itemIndex) {
		const targets = readIdentifiers(ctx, itemIndex, 'targets', 'Targets');
		const sourceCallerIdNumber = readSourceCallerId(
			ctx,
			itemIndex,
			'sourceCallerIdNumber',
			targets,
		);
		const { callbackUri, operationContext, callIntelligenceOptions, mediaStreamingOptions } =
			readCallSetup(ctx, itemIndex);
		const sourceDisplayName = optionalText(
			ctx.getNodeParameter('options.sourceDisplayName', itemIndex, ''),
		);
		const acs = await connectAcs(ctx, itemIndex, 'calling');
		const response = await acs.request({
			method: 'POST',
			path: ['calling', 'callConnections'],
			body: {
				targets,
				sourceCallerIdNumber,
				sourceDisplayName,
				operationContext,
				callbackUri,
				callIntelligenceOptions,
				mediaStreamingOptions,
			},
			headers: repeatabilityHeaders(),
			idempotencyKey: true,
		});
		return callConnectionItem(response.body);
	},
};
