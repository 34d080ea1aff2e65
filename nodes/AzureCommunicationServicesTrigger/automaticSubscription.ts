import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { ARM_CREDENTIAL_TYPE, connectArm } from '../../shared/arm/connect';
import type { Connection } from '../../shared/http/connection';
import { resourceLocator } from '../../shared/resourceLocator';
import {
	eventSubscriptionName,
	parseAcsResourceId,
	webhookUrlProblem,
	type AcsResource,
	type DesiredSubscription,
} from './eventSubscription';

const RESOURCE_ID =
	'/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[^/]+/providers/Microsoft\\.Communication/communicationServices/[^/?#]+';

export const acsResourceProperty = resourceLocator({
	displayName: 'ACS Resource',
	name: 'acsResource',
	description:
		'The Communication Services resource whose events start the workflow; the list shows the resources of every Azure subscription the Azure Resource Manager credential can read',
	searchListMethod: 'searchAcsResources',
	id: {
		placeholder:
			'e.g. /subscriptions/…/resourceGroups/…/providers/Microsoft.Communication/communicationServices/my-resource',
		regex: `^${RESOURCE_ID}$`,
		errorMessage:
			'Enter the resource ID from the resource\'s Overview page > JSON View, starting with "/subscriptions/"',
	},
	url: {
		placeholder: 'e.g. https://portal.azure.com/#@contoso.com/resource/subscriptions/…/overview',
		regex: `^https://portal\\.azure\\.(com|us|cn)/.*${RESOURCE_ID}`,
		extract: `(${RESOURCE_ID})`,
		errorMessage: "Paste the address of the resource's page in the Azure portal",
	},
});

export interface AutomaticSubscription {
	arm: Connection;
	resource: AcsResource;
	resourceId: string;
	name: string;
	desired: DesiredSubscription;
}

/**
 * What an Automatic subscription needs, checked before anything is sent to Azure: the webhook URL,
 * the resource ID and the Azure Resource Manager credential. Undefined for a Manual subscription.
 */
export async function automaticSubscription(
	ctx: IHookFunctions,
	secret: string,
): Promise<AutomaticSubscription | undefined> {
	if (
		ctx.getNodeParameter('source', 'eventGrid') !== 'eventGrid' ||
		ctx.getNodeParameter('subscription', 'manual') !== 'automatic'
	) {
		return undefined;
	}
	const webhookUrl = ctx.getNodeWebhookUrl('default') ?? '';
	const urlProblem = webhookUrlProblem(webhookUrl);
	if (urlProblem) {
		throw new NodeOperationError(ctx.getNode(), urlProblem, {
			description:
				'Run n8n behind https and set its WEBHOOK_URL to that public address, or choose Subscription: Manual and create the Event Grid subscription yourself.',
		});
	}
	const value = ctx.getNodeParameter('acsResource', '', { extractValue: true });
	const resource = parseAcsResourceId(value);
	if (!resource) {
		throw new NodeOperationError(
			ctx.getNode(),
			value
				? `ACS Resource "${String(value)}" is not the ID of a Communication Services resource`
				: 'ACS Resource is empty',
			{
				description:
					'Pick the resource from the list, or enter its ID: /subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Communication/communicationServices/{name}.',
			},
		);
	}
	if (!ctx.getNode().credentials?.[ARM_CREDENTIAL_TYPE]) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Subscription "Automatic" needs an Azure Resource Manager credential',
			{
				description:
					'Create an "Azure Resource Manager (Microsoft Entra ID) OAuth2 API" credential for an app with the role EventGrid EventSubscription Contributor on the resource and select it, or choose Subscription: Manual.',
			},
		);
	}
	const arm = await connectArm(ctx);
	const events = ctx.getNodeParameter('events', ['*']) as string[];
	const workflowId = String(ctx.getWorkflow().id ?? '');
	return {
		arm,
		resource,
		resourceId: String(value),
		name: eventSubscriptionName(workflowId, ctx.getNode().id, webhookUrl),
		desired: {
			webhookUrl,
			secret,
			eventTypes: events.includes('*') ? undefined : events,
		},
	};
}
