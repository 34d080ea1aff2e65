/**
 * The ACS Trigger's automatic Event Grid subscription in a real n8n: publishing the workflow creates
 * the subscription on the emulator's Resource Manager, the emulator's Event Grid validates the
 * production webhook before the creation succeeds, an event published on the resource reaches the
 * workflow through that subscription only, and unpublishing deletes it.
 */
import { randomUUID } from 'node:crypto';

import type { Emulator } from '../emulator/index';
import { assert } from './lib/checks';
import { CREDENTIALS } from './lib/credentials';
import { itemsOf } from './lib/instance';
import type { WorkflowFile } from './lib/examples';
import type { N8nServer } from './lib/server';
import { eventually } from './triggers';

const SMS_RECEIVED = 'Microsoft.Communication.SMSReceived';

export async function checkAutomaticSubscription(
	server: N8nServer,
	emu: Emulator,
	base: string,
	webhookSecret: string,
): Promise<string> {
	const webhookId = randomUUID();
	const workflow = {
		id: '',
		name: 'e2e: SMS received, Event Grid subscription made by the trigger',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: 'SMS received',
				type: 'n8n-nodes-acs-signalwire.azureCommunicationServicesTrigger',
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: {
					source: 'eventGrid',
					subscription: 'automatic',
					acsResource: {
						__rl: true,
						mode: 'list',
						value: emu.fixtures.arm.acsResourceId,
						cachedResultName: emu.fixtures.arm.acsResourceName,
					},
					events: [SMS_RECEIVED],
				},
				credentials: {
					azureCommunicationServicesTriggerApi: {
						id: CREDENTIALS.acsTrigger.id,
						name: CREDENTIALS.acsTrigger.name,
					},
					azureResourceManagerOAuth2Api: {
						id: CREDENTIALS.resourceManager.id,
						name: CREDENTIALS.resourceManager.name,
					},
				},
			},
		],
		connections: {},
	};
	const id = await server.rest.createWorkflow(workflow as unknown as WorkflowFile);
	const url = `${base}/webhook/${webhookId}/webhook`;

	const started = Date.now();
	await server.rest.activate(id);
	// n8n registers the webhook (and so creates the subscription) a moment after it publishes.
	const held = await eventually(
		async () => emu.arm.eventSubscriptions(),
		(list) => list.some((s) => s.provisioningState === 'Succeeded'),
	).catch(() => emu.arm.eventSubscriptions());
	const activatedIn = (Date.now() - started) / 1000;
	assert(
		held.length === 1,
		`${held.length} event subscriptions after publishing; n8n's log ends: ${server.log().slice(-3000)}`,
	);
	const [subscription] = held;
	assert(
		subscription.provisioningState === 'Succeeded' &&
			subscription.endpointBaseUrl === url &&
			new URL(subscription.endpointUrl).searchParams.get('secret') === webhookSecret &&
			JSON.stringify(subscription.includedEventTypes) === JSON.stringify([SMS_RECEIVED]),
		`the subscription is ${JSON.stringify({ ...subscription, endpointUrl: '(hidden)' })}`,
	);

	const unsubscribed = await emu.eventGrid.publish('eventgrid-advanced-message');
	assert(unsubscribed.length === 0, 'a WhatsApp event went to a subscription for SMS only');
	const [delivery] = await emu.eventGrid.publish('eventgrid-sms-received');
	assert(delivery?.status === 200, `Event Grid's delivery: ${JSON.stringify(delivery)}`);
	const [execution] = await server.rest.waitForExecutions(id, 1);
	const run = await server.rest.execution(execution.id);
	const [item] = itemsOf(run, 'SMS received');
	assert(
		execution.status === 'success' && item?.json.eventType === SMS_RECEIVED,
		`execution ${execution.id}: ${execution.status}, ${JSON.stringify(item?.json).slice(0, 200)}`,
	);

	await server.rest.deactivate(id);
	const after = await eventually(
		async () => emu.arm.eventSubscriptions(),
		(list) => list.length === 0,
	).catch(() => emu.arm.eventSubscriptions());
	assert(after.length === 0, `${after.length} event subscriptions left after unpublishing`);
	return `publishing created ${subscription.name} (handshake answered; ready ${activatedIn.toFixed(1)} s after publishing), one SMS event reached the workflow through it (execution ${execution.id}), a WhatsApp event went nowhere, unpublishing deleted it`;
}
