import { listSearch } from '../harness/load-options';
import {
	ACS_TRIGGER_NODE,
	ACS_TRIGGER_SECRET,
	createTestContext,
	type TestContext,
} from './context';
import { triggerTestKit } from './triggers';

let t: TestContext;
beforeAll(async () => {
	t = await createTestContext();
});
afterAll(async () => {
	await kit.closeAll();
	await t.close();
});
beforeEach(() => {
	t.emulator.resetFixtures();
	t.emulator.resetCounters();
	t.emulator.faults.clear();
	// Event Grid waits 30 s for a handshake answer; a refused one need not take that long here.
	t.emulator.arm.configure({ handshakeTimeoutMs: 3000, handshakeRetryDelayMs: 100 });
});

const kit = triggerTestKit(
	() => t,
	ACS_TRIGGER_NODE,
	(context) => context.credentials.acsTrigger,
);
const SMS_RECEIVED = 'Microsoft.Communication.SMSReceived';
const arm = () => t.emulator.fixtures.arm;

async function serveAutomatic(parameters: Record<string, unknown> = {}, withArm = true) {
	return await kit.serve(
		{
			source: 'eventGrid',
			subscription: 'automatic',
			acsResource: { __rl: true, mode: 'list', value: arm().acsResourceId },
			events: [SMS_RECEIVED],
			...parameters,
		},
		{
			typeVersion: 2,
			extraCredentials: withArm
				? { azureResourceManagerOAuth2Api: t.credentials.resourceManager.ref }
				: {},
		},
	);
}

const failureOf = async (run: Promise<unknown>) =>
	await run.then(
		() => undefined,
		(error: unknown) => error as { message: string; description?: string; httpCode?: string },
	);

describe('ACS Trigger, Subscription: Automatic', () => {
	it('creates the subscription on activation, receives only its events through it, and deletes it on deactivation', async () => {
		const trigger = await serveAutomatic();
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(await trigger.lifecycle('create')).toBe(true);

		const [held] = t.emulator.arm.eventSubscriptions();
		expect(t.emulator.arm.eventSubscriptions()).toHaveLength(1);
		expect(held).toMatchObject({
			scope: arm().acsResourceId,
			endpointBaseUrl: trigger.url,
			includedEventTypes: [SMS_RECEIVED],
			eventDeliverySchema: 'EventGridSchema',
			provisioningState: 'Succeeded',
			labels: ['n8n'],
		});
		const endpoint = new URL(held!.endpointUrl);
		expect(endpoint.searchParams.get('secret')).toBe(ACS_TRIGGER_SECRET);
		expect(trigger.staticData()['node:Trigger']).toEqual({
			eventSubscription: { resourceId: arm().acsResourceId, name: held!.name },
		});
		// The handshake reached the webhook and was answered by it: the subscription only succeeds then.
		expect(trigger.started()).toBe(0);
		expect(await trigger.lifecycle('checkExists')).toBe(true);

		const published = await t.emulator.eventGrid.publish('eventgrid-sms-received');
		expect(published.map((p) => [p.subscription, p.status])).toEqual([[held!.name, 200]]);
		const [execution] = await trigger.waitForExecutions(1);
		expect(execution!.items.map((item) => item.json.eventType)).toEqual([SMS_RECEIVED]);
		expect(await t.emulator.eventGrid.publish('eventgrid-advanced-message')).toEqual([]);

		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(t.emulator.arm.eventSubscriptions()).toEqual([]);
		expect(trigger.staticData()['node:Trigger']).toEqual({});
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(t.emulator.counts()['arm.eventSubscriptions.delete']).toBe(1);
	});

	it('gives the test webhook a subscription of its own beside the production one', async () => {
		const trigger = await serveAutomatic({ events: ['*'] });
		await trigger.lifecycle('create');
		await trigger.lifecycle('create', 'manual', true);
		const held = t.emulator.arm.eventSubscriptions();
		expect(held.map((s) => s.endpointBaseUrl)).toEqual([trigger.url, trigger.testUrl]);
		expect(new Set(held.map((s) => s.name)).size).toBe(2);
		expect(held.map((s) => s.includedEventTypes)).toEqual([null, null]);
		await trigger.lifecycle('delete', 'manual', true);
		expect(t.emulator.arm.eventSubscriptions().map((s) => s.endpointBaseUrl)).toEqual([
			trigger.url,
		]);
		await trigger.lifecycle('delete');
	});

	it('finds the subscription out of date once the secret is rotated, and renews it', async () => {
		const credential = t.harness.addCredential('azureCommunicationServicesTriggerApi', {
			secret: 'secret-before-rotation-0001',
		});
		const trigger = await kit.serve(
			{
				source: 'eventGrid',
				subscription: 'automatic',
				acsResource: { __rl: true, mode: 'id', value: arm().acsResourceId },
				events: [SMS_RECEIVED],
			},
			{
				typeVersion: 2,
				credential,
				extraCredentials: { azureResourceManagerOAuth2Api: t.credentials.resourceManager.ref },
			},
		);
		await trigger.lifecycle('create');
		expect(await trigger.lifecycle('checkExists')).toBe(true);
		const rotated = 'secret-after-rotation-0002';
		await t.harness.credentialsHelper.updateCredentials(
			credential,
			'azureCommunicationServicesTriggerApi',
			{ secret: rotated },
		);
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		await trigger.lifecycle('create');
		expect(await trigger.lifecycle('checkExists')).toBe(true);
		const held = t.emulator.arm.eventSubscriptions();
		expect(held.map((s) => new URL(s.endpointUrl).searchParams.get('secret'))).toEqual([rotated]);
		const [delivery] = await t.emulator.eventGrid.publish('eventgrid-sms-received');
		expect(delivery!.status).toBe(200);
		await trigger.waitForExecutions(1);
		await trigger.lifecycle('delete');
	});

	it('says why when Event Grid cannot validate the webhook, without the secret', async () => {
		const trigger = await serveAutomatic();
		// n8n no longer answers at the webhook URL: Event Grid's handshake gets no answer.
		await trigger.close();
		const error = await failureOf(trigger.lifecycle('create'));
		expect(error?.message).toMatch(
			/^Event Grid could not create the subscription: Webhook validation handshake failed for /,
		);
		expect(error?.message).toContain('secret=***');
		expect(JSON.stringify(error)).not.toContain(ACS_TRIGGER_SECRET);
		expect(error?.description).toMatch(/reachable from the internet over https/);
	});

	it('refuses bad settings before calling Resource Manager', async () => {
		const noArm = await serveAutomatic({}, false);
		const missing = await failureOf(noArm.lifecycle('create'));
		expect(missing?.message).toBe(
			'Subscription "Automatic" needs an Azure Resource Manager credential',
		);
		const wrongShape = await serveAutomatic({
			acsResource: { __rl: true, mode: 'id', value: '/subscriptions/x/resourceGroups/y' },
		});
		const shape = await failureOf(wrongShape.lifecycle('create'));
		expect(shape?.message).toMatch(
			/ACS Resource "[^"]+" is not the ID of a Communication Services resource/,
		);
		expect(Object.keys(t.emulator.counts()).filter((key) => key.startsWith('arm.'))).toEqual([]);
	});

	it('names the role to grant when Resource Manager refuses', async () => {
		t.emulator.arm.configure({ roles: ['Reader'] });
		const trigger = await serveAutomatic();
		const error = await failureOf(trigger.lifecycle('create'));
		expect(error?.httpCode).toBe('403');
		expect(error?.description).toMatch(/EventGrid EventSubscription Contributor/);
		expect(t.emulator.arm.eventSubscriptions()).toEqual([]);
	});

	it('lists the ACS resources subscription by subscription, one page per request', async () => {
		const pages = [];
		let token: string | undefined;
		do {
			const page = await listSearch(t.harness, {
				type: ACS_TRIGGER_NODE,
				typeVersion: 2,
				parameters: { source: 'eventGrid', subscription: 'automatic' },
				credentials: { azureResourceManagerOAuth2Api: t.credentials.resourceManager.ref },
				parameter: 'acsResource',
				method: 'searchAcsResources',
				paginationToken: token,
			});
			pages.push(page);
			token = page.paginationToken as string | undefined;
		} while (token && pages.length < 20);
		const values = pages.flatMap((page) => page.results.map((r) => r.value));
		expect(values).toEqual(arm().acsResources.map((r) => r.id));
		expect(pages.length).toBeGreaterThan(1);
		expect(pages[0]!.results[0]).toEqual({
			name: `${arm().acsResourceName} (${arm().resourceGroup}, Contoso Production)`,
			value: arm().acsResourceId,
			url: `https://portal.azure.com/#resource${arm().acsResourceId}/overview`,
		});
	});

	it('shows a missing Reader role inside the list', async () => {
		t.emulator.arm.configure({ roles: ['EventGrid EventSubscription Contributor'] });
		const error = await failureOf(
			listSearch(t.harness, {
				type: ACS_TRIGGER_NODE,
				typeVersion: 2,
				parameters: { source: 'eventGrid', subscription: 'automatic' },
				credentials: { azureResourceManagerOAuth2Api: t.credentials.resourceManager.ref },
				parameter: 'acsResource',
				method: 'searchAcsResources',
			}),
		);
		expect(error?.httpCode).toBe('403');
		expect(error?.description).toMatch(/Reader/);
	});
});
