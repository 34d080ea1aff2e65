/**
 * The n8n-core harness (test/harness) with this package's nodes, n8n's HTTP Request node, and the
 * credentials the cases use, pointed at an emulator process.
 */
import { HttpRequest } from 'n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node';
import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { AzureCommunicationServicesApi } from '../../credentials/AzureCommunicationServicesApi.credentials';
import { SignalWireApi } from '../../credentials/SignalWireApi.credentials';
import { AzureCommunicationServices } from '../../nodes/AzureCommunicationServices/AzureCommunicationServices.node.ts';
import { chatMessage } from '../../nodes/AzureCommunicationServices/resources/chatMessage';
import { media } from '../../nodes/AzureCommunicationServices/resources/media';
import { SignalWire } from '../../nodes/SignalWire/SignalWire.node.ts';
import { signAcsRequest } from '../../shared/acs/signer';
import { runForEachItem } from '../../shared/items';
import {
	createHarness,
	type CredentialRef,
	type Harness,
	type HarnessInputItem,
	type RunResult,
} from '../../test/harness';
import type { EmulatorInfo } from './emulator-process';
import { BenchProbe, PROBE_NODE } from './probe-node';

export const ACS_NODE = 'azureCommunicationServices';
export const SIGNALWIRE_NODE = 'signalWire';
export const HTTP_REQUEST_NODE = 'n8n-nodes-base.httpRequest';
/** The ACS node with its per-item concurrency set by the bench (what a `maxConcurrency` option would do). */
export const ACS_SWEEP_NODE = 'azureCommunicationServicesSweep';
export const CHAT_API_VERSION = '2025-03-15';
export const MEDIA_API_VERSION = '2024-02-01';

const sweep = { concurrency: 8 };

/** Same description and operations as the shipped node; only the bound on concurrent items differs. */
const shipped = new AzureCommunicationServices().customOperations;

class AzureCommunicationServicesSweep extends AzureCommunicationServices {
	customOperations = {
		...shipped,
		chatMessage: {
			...shipped.chatMessage,
			get: async function (this: IExecuteFunctions) {
				return await runForEachItem(
					this,
					async (i) => await chatMessage.operations.get.execute(this, i),
					sweep.concurrency,
				);
			},
		},
		media: {
			download: async function (this: IExecuteFunctions) {
				return await runForEachItem(
					this,
					async (i) => await media.operations.download.execute(this, i),
					sweep.concurrency,
				);
			},
		},
	};
}

export const httpRequestVersion = new HttpRequest().currentVersion;

export interface BenchSetup {
	harness: Harness;
	emu: EmulatorInfo;
	/** A new access-key credential (a new token-cache key, so a chat run mints its own token). */
	accessKeyCredential(): CredentialRef;
	signalWireCredential: CredentialRef;
	bearerCredential(token: string): CredentialRef;
	setSweepConcurrency(n: number): void;
	run(
		type: string,
		parameters: INodeParameters,
		credentials: Record<string, CredentialRef>,
		items: HarnessInputItem[],
	): Promise<RunResult>;
	chatUrl(): string;
	mediaUrl(mediaId: string): string;
	/** Headers of a signed GET of `url`, valid for 15 minutes (the ACS clock-skew window). */
	presignedHeaders(url: string): Record<string, string>;
	close(): Promise<void>;
}

export function createBenchSetup(emu: EmulatorInfo): BenchSetup {
	const harness = createHarness({
		nodeTypes: [
			{ name: ACS_NODE, type: new AzureCommunicationServices() },
			{ name: ACS_SWEEP_NODE, type: new AzureCommunicationServicesSweep() },
			{ name: SIGNALWIRE_NODE, type: new SignalWire() },
			{ name: HTTP_REQUEST_NODE, type: new HttpRequest() },
			{ name: PROBE_NODE, type: new BenchProbe() },
		],
		credentialTypes: [new AzureCommunicationServicesApi(), new SignalWireApi()],
	});
	let credentialCount = 0;
	const signalWireCredential = harness.addCredential('signalWireApi', {
		spaceUrl: emu.url,
		projectId: emu.signalwire.projectId,
		apiToken: emu.signalwire.apiToken,
	});
	return {
		harness,
		emu,
		accessKeyCredential: () =>
			harness.addCredential(
				'azureCommunicationServicesApi',
				{ endpoint: emu.url, accessKey: emu.acs.accessKey },
				`ACS ${++credentialCount}`,
			),
		signalWireCredential,
		bearerCredential: (token) =>
			harness.addCredential('httpHeaderAuth', { name: 'Authorization', value: `Bearer ${token}` }),
		setSweepConcurrency: (n) => {
			sweep.concurrency = n;
		},
		run: async (type, parameters, credentials, items) => {
			const result = await harness.runNode({
				type,
				parameters,
				credentials,
				items,
				timeoutMs: 600_000,
			});
			if (result.error) throw new Error(`${type} failed: ${result.error.message}`);
			return result;
		},
		chatUrl: () =>
			`${emu.url}/chat/threads/${encodeURIComponent(emu.acs.threadId)}/messages/${encodeURIComponent(emu.acs.messageId)}?api-version=${CHAT_API_VERSION}`,
		mediaUrl: (mediaId) =>
			`${emu.url}/messages/streams/${encodeURIComponent(mediaId)}?api-version=${MEDIA_API_VERSION}`,
		presignedHeaders: (url) => ({
			...signAcsRequest({ method: 'GET', url }, emu.acs.accessKey, new Date()).headers,
		}),
		close: async () => await harness.close(),
	};
}

export function emptyItems(n: number): HarnessInputItem[] {
	return Array.from({ length: n }, (_, i) => ({ i }));
}
