import { createHash } from 'crypto';
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';
import { ReadWriteFile } from 'n8n-nodes-base/dist/nodes/Files/ReadWriteFile/ReadWriteFile.node';
import { Filter } from 'n8n-nodes-base/dist/nodes/Filter/Filter.node';
import { If } from 'n8n-nodes-base/dist/nodes/If/If.node';
import { ScheduleTrigger } from 'n8n-nodes-base/dist/nodes/Schedule/ScheduleTrigger.node';
import { Set as EditFields } from 'n8n-nodes-base/dist/nodes/Set/Set.node';
import { SplitOut } from 'n8n-nodes-base/dist/nodes/Transform/SplitOut/SplitOut.node';

import { AzureCommunicationServicesApi } from '../../credentials/AzureCommunicationServicesApi.credentials';
import { AzureCommunicationServicesOAuth2Api } from '../../credentials/AzureCommunicationServicesOAuth2Api.credentials';
import { AzureCommunicationServicesTriggerApi } from '../../credentials/AzureCommunicationServicesTriggerApi.credentials';
import { AzureCommunicationServicesUserTokenApi } from '../../credentials/AzureCommunicationServicesUserTokenApi.credentials';
import { AzureResourceManagerOAuth2Api } from '../../credentials/AzureResourceManagerOAuth2Api.credentials';
import { SignalWireApi } from '../../credentials/SignalWireApi.credentials';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { AzureCommunicationServices } from '../../nodes/AzureCommunicationServices/AzureCommunicationServices.node';
import { AzureCommunicationServicesTrigger } from '../../nodes/AzureCommunicationServicesTrigger/AzureCommunicationServicesTrigger.node';
import { SignalWire } from '../../nodes/SignalWire/SignalWire.node';
import { SignalWireTrigger } from '../../nodes/SignalWireTrigger/SignalWireTrigger.node';
import { name as packageName } from '../../package.json';
import { createHarness, type Harness, type HarnessInputItem, type RunResult } from '../harness';
import type { WorkflowTestRunner } from '../harness/workflow-files';

export const ACS_NODE = 'azureCommunicationServices';
export const SIGNALWIRE_NODE = 'signalWire';
export const ACS_TRIGGER_NODE = 'azureCommunicationServicesTrigger';
export const SIGNALWIRE_TRIGGER_NODE = 'signalWireTrigger';
/** The trigger credential's secret in every test context. */
// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a test fixture value, used only against the local harness
export const ACS_TRIGGER_SECRET = 'trigger-secret-7f3a9c102b4d4e8f';

export type AcsAuth = 'accessKey' | 'connectionString' | 'oAuth2' | 'userAccessToken';

/** An emulator, a harness with this package's nodes, and one credential per authentication mode. */
export interface TestContext {
	emulator: Emulator;
	harness: Harness;
	credentials: Record<
		AcsAuth | 'signalWire' | 'acsTrigger' | 'resourceManager',
		{ type: string; ref: { id: string; name: string } }
	>;
	/** Records a webhook delivery's response and the executions it started for the leak check. */
	watchDelivery(
		response: { body: string },
		executions?: Array<{ items: INodeExecutionData[] }>,
	): void;
	runAcs(auth: AcsAuth, parameters: Parameters, options?: RunOptions): Promise<RunResult>;
	runSignalWire(parameters: Parameters, options?: RunOptions): Promise<RunResult>;
	/**
	 * For `WorkflowTestHarness`: the workflow's own credentials become the emulator's (access key,
	 * Entra ID, user token, SignalWire by type), and every run feeds the leak check.
	 */
	workflows: WorkflowTestRunner;
	close(): Promise<void>;
}

/** Node parameters as tests write them; n8n validates them when the workflow runs. */
type Parameters = Record<string, unknown>;

export interface RunOptions {
	items?: HarnessInputItem[] | Array<Record<string, unknown>>;
	continueOnFail?: boolean;
	/** How long the whole run may take (the harness default is 25 s). */
	timeoutMs?: number;
	/** Overrides the credential reference, e.g. one with a wrong key. */
	credential?: { type: string; ref: { id: string; name: string } };
}

/**
 * Every secret that went over the wire (the credentials' keys and tokens, and each Authorization header
 * the emulator received, decoded or not), and everything the nodes produced (items, errors, logs).
 * `close()` fails the test file if any output contains any secret.
 */
export class LeakWatch {
	private readonly secrets = new Set<string>();
	private readonly outputs: string[] = [];

	constructor(private readonly emulator: Emulator) {
		const { acs, signalwire } = emulator;
		const basic = `${signalwire.projectId}:${signalwire.apiToken}`;
		for (const secret of [
			acs.accessKey,
			Buffer.from(acs.accessKey, 'base64').toString('hex'),
			acs.entra.clientSecret,
			signalwire.apiToken,
			basic,
			Buffer.from(basic).toString('base64'),
		]) {
			this.secrets.add(secret);
		}
	}

	addSecret(secret: unknown): void {
		if (typeof secret === 'string' && secret.length >= 12) this.secrets.add(secret);
	}

	record(result: { items: INodeExecutionData[]; error?: ExecutionError }): void {
		this.outputs.push(
			JSON.stringify(result.items.map((item) => ({ json: item.json, binary: item.binary }))),
		);
		if (result.error)
			this.outputs.push(
				JSON.stringify(result.error),
				String(result.error.message),
				String(result.error.description ?? ''),
			);
		for (const request of this.emulator.requests()) {
			const authorization = request.headers.authorization;
			if (typeof authorization !== 'string') continue;
			this.addSecret(authorization);
			const [scheme, value] = authorization.split(' ');
			this.addSecret(value);
			if (scheme === 'Basic' && value)
				this.addSecret(Buffer.from(value, 'base64').toString('utf8'));
			const signature = /Signature=(.+)$/.exec(authorization)?.[1];
			this.addSecret(signature);
		}
	}

	assertNothingLeaked(logs: unknown): void {
		const texts = [...this.outputs, JSON.stringify(logs)];
		const leaks = [...this.secrets].filter((secret) => texts.some((text) => text.includes(secret)));
		if (leaks.length > 0)
			throw new Error(
				`Secrets leaked into node output, errors or logs: ${leaks.map((leak) => `${leak.slice(0, 6)}…`).join(', ')}`,
			);
	}

	recordText(text: string): void {
		this.outputs.push(text);
	}

	get outputCount(): number {
		return this.outputs.length;
	}
}

export async function createTestContext(options?: EmulatorOptions): Promise<TestContext> {
	const emulator = await startEmulator(options);
	const acsNode = new AzureCommunicationServices();
	const signalWireNode = new SignalWire();
	const acsTrigger = new AzureCommunicationServicesTrigger();
	const signalWireTrigger = new SignalWireTrigger();
	const harness = createHarness({
		nodeTypes: [
			{ name: ACS_NODE, type: acsNode },
			{ name: SIGNALWIRE_NODE, type: signalWireNode },
			{ name: ACS_TRIGGER_NODE, type: acsTrigger },
			{ name: SIGNALWIRE_TRIGGER_NODE, type: signalWireTrigger },
			// The names n8n gives them once the package is installed, as workflow files use them.
			{ name: `${packageName}.${ACS_NODE}`, type: acsNode },
			{ name: `${packageName}.${SIGNALWIRE_NODE}`, type: signalWireNode },
			{ name: `${packageName}.${ACS_TRIGGER_NODE}`, type: acsTrigger },
			{ name: `${packageName}.${SIGNALWIRE_TRIGGER_NODE}`, type: signalWireTrigger },
			// What the examples use around them.
			{ name: 'n8n-nodes-base.set', type: new EditFields() },
			{ name: 'n8n-nodes-base.readWriteFile', type: new ReadWriteFile() },
			{ name: 'n8n-nodes-base.filter', type: new Filter() },
			{ name: 'n8n-nodes-base.splitOut', type: new SplitOut() },
			{ name: 'n8n-nodes-base.if', type: new If() },
			{ name: 'n8n-nodes-base.scheduleTrigger', type: new ScheduleTrigger() },
		],
		credentialTypes: [
			new AzureCommunicationServicesApi(),
			new AzureCommunicationServicesOAuth2Api(),
			new AzureCommunicationServicesUserTokenApi(),
			new AzureCommunicationServicesTriggerApi(),
			new AzureResourceManagerOAuth2Api(),
			new SignalWireApi(),
		],
	});
	const { entra } = emulator.acs;
	const add = (type: string, data: ICredentialDataDecryptedObject) => ({
		type,
		ref: harness.addCredential(type, data),
	});
	const credentials = {
		accessKey: add('azureCommunicationServicesApi', {
			endpoint: emulator.url,
			accessKey: emulator.acs.accessKey,
		}),
		connectionString: add('azureCommunicationServicesApi', {
			endpoint: emulator.acs.connectionString,
			accessKey: '',
		}),
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
			accessToken: emulator.issueUserToken(emulator.fixtures.acs.users.member, {
				expiresInMinutes: 120,
			}).token,
		}),
		signalWire: add('signalWireApi', {
			spaceUrl: emulator.url,
			projectId: emulator.signalwire.projectId,
			apiToken: emulator.signalwire.apiToken,
			signingKey: emulator.signalwire.signingKey,
		}),
		resourceManager: add('azureResourceManagerOAuth2Api', {
			tenantId: entra.tenantId,
			authorityHost: entra.authorityHost,
			resourceManagerUrl: emulator.arm.resourceManagerUrl,
			clientId: entra.clientId,
			clientSecret: entra.clientSecret,
		}),
		acsTrigger: add('azureCommunicationServicesTriggerApi', {
			secret: ACS_TRIGGER_SECRET,
			immutableResourceId: emulator.fixtures.acs.resourceId,
			callAutomationIssuer: emulator.url,
		}),
	};
	const authenticationOf = (auth: AcsAuth) => (auth === 'connectionString' ? 'accessKey' : auth);
	const leaks = new LeakWatch(emulator);
	leaks.addSecret(ACS_TRIGGER_SECRET);
	leaks.addSecret(emulator.signalwire.signingKey);
	leaks.addSecret(
		credentials.userAccessToken &&
			harness.getCredentialData(credentials.userAccessToken.ref.id).accessToken,
	);
	const watchCredential = (id: string) => {
		for (const secret of secretsOf(harness.getCredentialData(id))) leaks.addSecret(secret);
	};
	const watched = async (run: Promise<RunResult>) => {
		const result = await run;
		leaks.record(result);
		return result;
	};

	return {
		emulator,
		harness,
		credentials,
		watchDelivery(response, executions = []) {
			leaks.record({ items: executions.flatMap((execution) => execution.items) });
			leaks.recordText(response.body);
		},
		runAcs: async (auth, parameters, run = {}) => {
			const credential = run.credential ?? credentials[auth];
			watchCredential(credential.ref.id);
			return await watched(
				harness.runNode({
					type: ACS_NODE,
					parameters: { authentication: authenticationOf(auth), ...parameters } as INodeParameters,
					credentials: { [credential.type]: credential.ref },
					items: run.items as HarnessInputItem[] | undefined,
					continueOnFail: run.continueOnFail,
					timeoutMs: run.timeoutMs,
				}),
			);
		},
		runSignalWire: async (parameters, run = {}) => {
			const credential = run.credential ?? credentials.signalWire;
			leaks.addSecret(harness.getCredentialData(credential.ref.id).apiToken);
			return await watched(
				harness.runNode({
					type: SIGNALWIRE_NODE,
					parameters: parameters as INodeParameters,
					credentials: { [credential.type]: credential.ref },
					items: run.items as HarnessInputItem[] | undefined,
					continueOnFail: run.continueOnFail,
					timeoutMs: run.timeoutMs,
				}),
			);
		},
		workflows: {
			harness,
			credentials: Object.fromEntries(
				(['accessKey', 'oAuth2', 'userAccessToken', 'signalWire', 'acsTrigger'] as const).map(
					(key) => [credentials[key].type, credentials[key].ref],
				),
			),
			onRun(result, workflow) {
				for (const node of workflow.nodes)
					for (const ref of Object.values(node.credentials ?? {}))
						if (ref.id) watchCredential(ref.id);
				const { runData } = result.data.data.resultData;
				const items = Object.values(runData).flatMap((runs) =>
					runs.flatMap((run) => Object.values(run.data ?? {}).flat(2)),
				);
				leaks.record({
					items: items.filter((item): item is INodeExecutionData => item !== null),
					error: result.error,
				});
			},
		},
		close: async () => {
			try {
				leaks.assertNothingLeaked(harness.logs());
			} finally {
				await harness.close();
				await emulator.close();
			}
		},
	};
}

/** The secret fields of a credential (IDs, endpoints and tenant or client IDs are not secrets), incl. a pasted connection string's key. */
function secretsOf(data: ICredentialDataDecryptedObject): unknown[] {
	const pasted = [data.endpoint, data.accessKey].map(
		(value) => /accesskey=([^;]+)/i.exec(String(value ?? ''))?.[1],
	);
	return [
		data.accessKey,
		data.accessToken,
		data.clientSecret,
		data.apiToken,
		data.signingKey,
		data.secret,
		...pasted,
	];
}

export function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

export function pairedIndexes(items: INodeExecutionData[]): number[] {
	return items.map((item) => (item.pairedItem as { item: number }).item);
}
