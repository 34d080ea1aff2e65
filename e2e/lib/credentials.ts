/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev-only code (e2e tooling): runs on Node and never ships in dist */
/**
 * Credentials for `n8n import:credentials`: ids and names match what the example workflows reference.
 * Plain `data` objects are encrypted by n8n on import.
 */
import { randomBytes } from 'node:crypto';

import type { Emulator } from '../../emulator/index';

export interface CredentialRecord {
	id: string;
	name: string;
	type: string;
	data: Record<string, string>;
}

/** The credentials the examples use (examples/*.json reference them by these ids and names). */
export const CREDENTIALS = {
	accessKey: {
		id: 'acsAccessKey0001',
		name: 'ACS access key',
		type: 'azureCommunicationServicesApi',
	},
	entraId: {
		id: 'acsEntraId000001',
		name: 'ACS Microsoft Entra ID',
		type: 'azureCommunicationServicesOAuth2Api',
	},
	userToken: {
		id: 'acsUserToken0001',
		name: 'ACS user access token',
		type: 'azureCommunicationServicesUserTokenApi',
	},
	signalWire: { id: 'signalWire000001', name: 'SignalWire', type: 'signalWireApi' },
	acsTrigger: {
		id: 'acsTrigger000001',
		name: 'ACS trigger',
		type: 'azureCommunicationServicesTriggerApi',
	},
	resourceManager: {
		id: 'azureResManager1',
		name: 'Azure Resource Manager',
		type: 'azureResourceManagerOAuth2Api',
	},
} as const;

export type CredentialKey = keyof typeof CREDENTIALS;

/** What the emulator hands out (from startEmulator()). */
export interface EmulatorSecrets {
	url: string;
	acs: {
		endpoint: string;
		accessKey: string;
		connectionString: string;
		entra: { tenantId: string; clientId: string; clientSecret: string; authorityHost: string };
	};
	/** The emulator's Resource Manager (same Entra app as `acs.entra`). */
	arm: { resourceManagerUrl: string };
	signalwire: { projectId: string; apiToken: string; spaceUrl: string; signingKey: string };
	userToken: string;
	/** The secret the trigger credential expects in the webhook URL's `secret` query parameter. */
	webhookSecret: string;
	/** The ACS resource's immutable resource ID: the audience of the emulator's Call Automation tokens. */
	acsResourceId: string;
}

export function emulatorCredentials(emu: EmulatorSecrets): Record<CredentialKey, CredentialRecord> {
	const { entra } = emu.acs;
	return {
		accessKey: {
			...CREDENTIALS.accessKey,
			data: { endpoint: emu.acs.endpoint, accessKey: emu.acs.accessKey },
		},
		entraId: {
			...CREDENTIALS.entraId,
			// Only what a user types; accessTokenUrl, scope etc. are hidden expression fields n8n resolves itself.
			data: {
				endpoint: emu.acs.endpoint,
				grantType: 'clientCredentials',
				tenantId: entra.tenantId,
				authorityHost: entra.authorityHost,
				clientId: entra.clientId,
				clientSecret: entra.clientSecret,
			},
		},
		userToken: {
			...CREDENTIALS.userToken,
			data: { endpoint: emu.acs.endpoint, accessToken: emu.userToken },
		},
		signalWire: {
			...CREDENTIALS.signalWire,
			data: {
				spaceUrl: emu.signalwire.spaceUrl,
				projectId: emu.signalwire.projectId,
				apiToken: emu.signalwire.apiToken,
				signingKey: emu.signalwire.signingKey,
			},
		},
		acsTrigger: {
			...CREDENTIALS.acsTrigger,
			data: {
				secret: emu.webhookSecret,
				immutableResourceId: emu.acsResourceId,
				// The emulator issues the Call Automation tokens and publishes their keys.
				callAutomationIssuer: emu.url,
			},
		},
		resourceManager: {
			...CREDENTIALS.resourceManager,
			data: {
				tenantId: entra.tenantId,
				authorityHost: entra.authorityHost,
				resourceManagerUrl: emu.arm.resourceManagerUrl,
				clientId: entra.clientId,
				clientSecret: entra.clientSecret,
			},
		},
	};
}

/** A user access token the emulator issues for its `member` user, and every credential for the emulator. */
export function credentialsForEmulator(
	emu: Emulator,
	tokenMinutes: number,
): {
	userToken: string;
	webhookSecret: string;
	credentials: Record<CredentialKey, CredentialRecord>;
} {
	const userToken = emu.issueUserToken(emu.fixtures.acs.users.member, {
		expiresInMinutes: tokenMinutes,
	}).token;
	const webhookSecret = randomBytes(24).toString('base64url');
	return {
		userToken,
		webhookSecret,
		credentials: emulatorCredentials({
			url: emu.url,
			acs: emu.acs,
			arm: emu.arm,
			signalwire: emu.signalwire,
			userToken,
			webhookSecret,
			acsResourceId: emu.fixtures.acs.resourceId,
		}),
	};
}

/** Environment variables that switch `npm start` to the real services, per credential. */
export const REAL_ENV = {
	accessKey: ['ACS_ENDPOINT', 'ACS_ACCESS_KEY'],
	entraId: [
		'ACS_ENDPOINT',
		'ACS_ENTRA_TENANT_ID',
		'ACS_ENTRA_CLIENT_ID',
		'ACS_ENTRA_CLIENT_SECRET',
	],
	userToken: ['ACS_ENDPOINT', 'ACS_USER_ACCESS_TOKEN'],
	signalWire: ['SIGNALWIRE_SPACE_URL', 'SIGNALWIRE_PROJECT_ID', 'SIGNALWIRE_API_TOKEN'],
	acsTrigger: ['ACS_TRIGGER_SECRET'],
	resourceManager: ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'],
} as const satisfies Record<CredentialKey, readonly string[]>;

/**
 * Credentials for the real services, for each credential whose environment variables are all set
 * (ACS_CONNECTION_STRING may stand in for ACS_ENDPOINT + ACS_ACCESS_KEY).
 */
export function realCredentials(
	env: NodeJS.ProcessEnv = process.env,
): Partial<Record<CredentialKey, CredentialRecord>> {
	const value = (name: string) => env[name]?.trim() ?? '';
	const connection = value('ACS_CONNECTION_STRING');
	const endpointFromConnection = /(?:^|;)\s*endpoint=([^;]+)/i.exec(connection)?.[1]?.trim() ?? '';
	const endpoint = value('ACS_ENDPOINT') || endpointFromConnection.replace(/\/+$/, '');
	const found: Partial<Record<CredentialKey, CredentialRecord>> = {};
	if (endpoint && (value('ACS_ACCESS_KEY') || connection)) {
		found.accessKey = {
			...CREDENTIALS.accessKey,
			data: { endpoint, accessKey: value('ACS_ACCESS_KEY') || connection },
		};
	}
	if (
		endpoint &&
		value('ACS_ENTRA_TENANT_ID') &&
		value('ACS_ENTRA_CLIENT_ID') &&
		value('ACS_ENTRA_CLIENT_SECRET')
	) {
		found.entraId = {
			...CREDENTIALS.entraId,
			data: {
				endpoint,
				grantType: 'clientCredentials',
				tenantId: value('ACS_ENTRA_TENANT_ID'),
				authorityHost: value('ACS_ENTRA_AUTHORITY_HOST') || 'https://login.microsoftonline.com',
				clientId: value('ACS_ENTRA_CLIENT_ID'),
				clientSecret: value('ACS_ENTRA_CLIENT_SECRET'),
			},
		};
	}
	if (endpoint && value('ACS_USER_ACCESS_TOKEN')) {
		found.userToken = {
			...CREDENTIALS.userToken,
			data: { endpoint, accessToken: value('ACS_USER_ACCESS_TOKEN') },
		};
	}
	if (
		value('SIGNALWIRE_SPACE_URL') &&
		value('SIGNALWIRE_PROJECT_ID') &&
		value('SIGNALWIRE_API_TOKEN')
	) {
		found.signalWire = {
			...CREDENTIALS.signalWire,
			data: {
				spaceUrl: value('SIGNALWIRE_SPACE_URL'),
				projectId: value('SIGNALWIRE_PROJECT_ID'),
				apiToken: value('SIGNALWIRE_API_TOKEN'),
				signingKey: value('SIGNALWIRE_SIGNING_KEY'),
			},
		};
	}
	if (value('ACS_TRIGGER_SECRET')) {
		found.acsTrigger = {
			...CREDENTIALS.acsTrigger,
			data: {
				secret: value('ACS_TRIGGER_SECRET'),
				immutableResourceId: value('ACS_IMMUTABLE_RESOURCE_ID'),
				callAutomationIssuer: 'https://acscallautomation.communication.azure.com',
			},
		};
	}
	if (value('AZURE_TENANT_ID') && value('AZURE_CLIENT_ID') && value('AZURE_CLIENT_SECRET')) {
		found.resourceManager = {
			...CREDENTIALS.resourceManager,
			data: {
				tenantId: value('AZURE_TENANT_ID'),
				authorityHost: value('ACS_ENTRA_AUTHORITY_HOST') || 'https://login.microsoftonline.com',
				resourceManagerUrl: 'https://management.azure.com',
				clientId: value('AZURE_CLIENT_ID'),
				clientSecret: value('AZURE_CLIENT_SECRET'),
			},
		};
	}
	return found;
}
