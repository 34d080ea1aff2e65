import { createHash } from 'node:crypto';

/** An ACS resource as Resource Manager lists it (Microsoft.Communication/communicationServices). */
export interface ArmAcsResource {
	id: string;
	name: string;
	subscriptionId: string;
	resourceGroup: string;
	hostName: string;
	immutableResourceId: string;
	dataLocation: string;
}

export interface ArmSubscription {
	subscriptionId: string;
	displayName: string;
	state: 'Enabled';
}

function uuid(label: string): string {
	const h = createHash('sha256').update(`arm-fixture:${label}`).digest('hex');
	const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const RESOURCE_GROUPS = ['contoso-communication', 'contoso-messaging', 'contoso-voice'] as const;
const DATA_LOCATIONS = ['United States', 'Europe', 'Asia Pacific'] as const;
const EXTRA_RESOURCES = 24;

export function acsResourceId(subscriptionId: string, resourceGroup: string, name: string): string {
	return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Communication/communicationServices/${name}`;
}

/**
 * Azure Resource Manager fixtures: two subscriptions, the emulated ACS resource (its host name is the
 * emulator's, its immutable resource ID the one Call Automation tokens carry) and 24 more resources over
 * three resource groups, enough for lists to page.
 */
export function armFixtures(emulatorUrl: string, immutableResourceId: string) {
	const subscriptionId = '6b8d6f4e-1b2c-4d3e-8f9a-0b1c2d3e4f5a';
	const testSubscriptionId = uuid('subscription:test');
	const resourceGroup = RESOURCE_GROUPS[0];
	const acsResourceName = 'contoso-acs';
	const main: ArmAcsResource = {
		id: acsResourceId(subscriptionId, resourceGroup, acsResourceName),
		name: acsResourceName,
		subscriptionId,
		resourceGroup,
		hostName: new URL(emulatorUrl).host,
		immutableResourceId,
		dataLocation: 'United States',
	};
	const extra = Array.from({ length: EXTRA_RESOURCES }, (_, i): ArmAcsResource => {
		const name = `contoso-acs-${String(i + 1).padStart(2, '0')}`;
		const group = RESOURCE_GROUPS[i % RESOURCE_GROUPS.length]!;
		return {
			id: acsResourceId(subscriptionId, group, name),
			name,
			subscriptionId,
			resourceGroup: group,
			hostName: `${name}.unitedstates.communication.azure.com`,
			immutableResourceId: uuid(`acs-resource:${name}`),
			dataLocation: DATA_LOCATIONS[i % DATA_LOCATIONS.length]!,
		};
	});
	const subscriptions: ArmSubscription[] = [
		{ subscriptionId, displayName: 'Contoso Production', state: 'Enabled' },
		{ subscriptionId: testSubscriptionId, displayName: 'Contoso Test', state: 'Enabled' },
	];
	return {
		/** "Contoso Production": every ACS resource is here. */
		subscriptionId,
		/** "Contoso Test": no ACS resources. */
		testSubscriptionId,
		/** Not a subscription of the tenant: 404 SubscriptionNotFound. */
		unknownSubscriptionId: uuid('subscription:unknown'),
		subscriptions,
		/** The resource group of the emulated ACS resource (`acsResourceId`). */
		resourceGroup,
		resourceGroups: [...RESOURCE_GROUPS],
		acsResourceName,
		/** The emulated ACS resource: events the emulator publishes come from it. */
		acsResourceId: main.id,
		/** All 25 ACS resources, in the order lists return them. */
		acsResources: [main, ...extra],
	};
}

export type ArmFixtures = ReturnType<typeof armFixtures>;
