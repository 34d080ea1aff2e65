import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { AzureCommunicationServicesApi } from '../../credentials/AzureCommunicationServicesApi.credentials';
import { AzureCommunicationServicesOAuth2Api } from '../../credentials/AzureCommunicationServicesOAuth2Api.credentials';
import { AzureCommunicationServicesUserTokenApi } from '../../credentials/AzureCommunicationServicesUserTokenApi.credentials';
import { SignalWireApi } from '../../credentials/SignalWireApi.credentials';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { AzureCommunicationServices } from '../../nodes/AzureCommunicationServices/AzureCommunicationServices.node';
import { SignalWire } from '../../nodes/SignalWire/SignalWire.node';
import { createHarness, type Harness, type HarnessInputItem, type RunResult } from '../harness';

export const ACS_NODE = 'azureCommunicationServices';
export const SIGNALWIRE_NODE = 'signalWire';

export type AcsAuth = 'accessKey' | 'connectionString' | 'oAuth2' | 'userAccessToken';

/** An emulator, a harness with this package's nodes, and one credential per authentication mode. */
export interface TestContext {
	emulator: Emulator;
	harness: Harness;
	credentials: Record<AcsAuth | 'signalWire', { type: string; ref: { id: string; name: string } }>;
	runAcs(auth: AcsAuth, parameters: Parameters, options?: RunOptions): Promise<RunResult>;
	runSignalWire(parameters: Parameters, options?: RunOptions): Promise<RunResult>;
	close(): Promise<void>;
}

/** Node parameters as tests write them; n8n validates them when the workflow runs. */
type Parameters = Record<string, unknown>;

export interface RunOptions {
	items?: HarnessInputItem[];
	continueOnFail?: boolean;
	/** Overrides the credential reference, e.g. one with a wrong key. */
	credential?: { type: string; ref: { id: string; name: string } };
}

export async function createTestContext(options?: EmulatorOptions): Promise<TestContext> {
	const emulator = await startEmulator(options);
	const harness = createHarness({
		nodeTypes: [
			{ name: ACS_NODE, type: new AzureCommunicationServices() },
			{ name: SIGNALWIRE_NODE, type: new SignalWire() },
		],
		credentialTypes: [
			new AzureCommunicationServicesApi(),
			new AzureCommunicationServicesOAuth2Api(),
			new AzureCommunicationServicesUserTokenApi(),
			new SignalWireApi(),
		],
	});
	const { entra } = emulator.acs;
	const add = (type: string, data: ICredentialDataDecryptedObject) => ({ type, ref: harness.addCredential(type, data) });
	const credentials = {
		accessKey: add('azureCommunicationServicesApi', { endpoint: emulator.url, accessKey: emulator.acs.accessKey }),
		connectionString: add('azureCommunicationServicesApi', { endpoint: emulator.acs.connectionString, accessKey: '' }),
		oAuth2: add('azureCommunicationServicesOAuth2Api', {
			endpoint: emulator.url,
			grantType: 'clientCredentials',
			tenantId: entra.tenantId,
			authorityHost: entra.authorityHost,
			clientId: entra.clientId,
			clientSecret: entra.clientSecret,
		}),
		userAccessToken: add('azureCommunicationServicesUserTokenApi', {
			endpoint: emulator.url,
			accessToken: emulator.issueUserToken(emulator.fixtures.acs.users.member, { expiresInMinutes: 120 }).token,
		}),
		signalWire: add('signalWireApi', {
			spaceUrl: emulator.url,
			projectId: emulator.signalwire.projectId,
			apiToken: emulator.signalwire.apiToken,
		}),
	};
	const authenticationOf = (auth: AcsAuth) => (auth === 'connectionString' ? 'accessKey' : auth);

	return {
		emulator,
		harness,
		credentials,
		runAcs: async (auth, parameters, run = {}) => {
			const credential = run.credential ?? credentials[auth];
			return await harness.runNode({
				type: ACS_NODE,
				parameters: { authentication: authenticationOf(auth), ...parameters } as INodeParameters,
				credentials: { [credential.type]: credential.ref },
				items: run.items,
				continueOnFail: run.continueOnFail,
			});
		},
		runSignalWire: async (parameters, run = {}) => {
			const credential = run.credential ?? credentials.signalWire;
			return await harness.runNode({
				type: SIGNALWIRE_NODE,
				parameters: parameters as INodeParameters,
				credentials: { [credential.type]: credential.ref },
				items: run.items,
				continueOnFail: run.continueOnFail,
			});
		},
		close: async () => {
			await harness.close();
			await emulator.close();
		},
	};
}

export function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

export function pairedIndexes(items: INodeExecutionData[]): number[] {
	return items.map((item) => (item.pairedItem as { item: number }).item);
}
