import {
	eventSubscriptionName,
	parseAcsResourceId,
	webhookUrlProblem,
} from '../../nodes/AzureCommunicationServicesTrigger/eventSubscription';

const RESOURCE =
	'/subscriptions/6b8d6f4e-1b2c-4d3e-8f9a-0b1c2d3e4f5a/resourceGroups/contoso-rg/providers/Microsoft.Communication/communicationServices/contoso-acs';

describe('automatic Event Grid subscription: checks made before Resource Manager is called', () => {
	it('accepts https webhook URLs and loopback http only', () => {
		expect(webhookUrlProblem('https://n8n.example.com/webhook/abc/webhook')).toBeUndefined();
		expect(webhookUrlProblem('http://127.0.0.1:5678/webhook/abc/webhook')).toBeUndefined();
		expect(webhookUrlProblem('http://localhost:5678/webhook/abc/webhook')).toBeUndefined();
		expect(webhookUrlProblem('http://n8n.example.com/webhook/abc/webhook')).toBe(
			"Event Grid delivers only to https URLs, and this n8n's webhook URL is http://n8n.example.com",
		);
		expect(webhookUrlProblem('/webhook/abc')).toMatch(/is not a URL/);
	});

	it('reads a Communication Services resource ID, in any letter case, and nothing else', () => {
		expect(parseAcsResourceId(RESOURCE)).toEqual({
			subscriptionId: '6b8d6f4e-1b2c-4d3e-8f9a-0b1c2d3e4f5a',
			resourceGroup: 'contoso-rg',
			name: 'contoso-acs',
		});
		expect(
			parseAcsResourceId(RESOURCE.replace('communicationServices', 'CommunicationServices')),
		).toBeDefined();
		for (const wrong of [
			'',
			RESOURCE.replace('Microsoft.Communication', 'Microsoft.Storage'),
			`${RESOURCE}/providers/Microsoft.EventGrid/eventSubscriptions/x`,
			'/subscriptions/x/resourceGroups/y',
			42,
		])
			expect(parseAcsResourceId(wrong)).toBeUndefined();
	});

	it('names a subscription per workflow, node and webhook URL, within Event Grid limits', () => {
		const name = eventSubscriptionName('wf1', 'node1', 'https://n8n.example.com/webhook/x');
		expect(name).toMatch(/^[A-Za-z0-9-]{3,64}$/);
		expect(eventSubscriptionName('wf1', 'node1', 'https://n8n.example.com/webhook/x')).toBe(name);
		expect(
			eventSubscriptionName('wf1', 'node1', 'https://n8n.example.com/webhook-test/x'),
		).not.toBe(name);
		expect(eventSubscriptionName('wf2', 'node1', 'https://n8n.example.com/webhook/x')).not.toBe(
			name,
		);
	});
});
