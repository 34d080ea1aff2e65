import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IHttpRequestOptions,
	type INode,
} from 'n8n-workflow';

import { AzureCommunicationServicesApi } from '../../credentials/AzureCommunicationServicesApi.credentials';
import { AzureCommunicationServicesTriggerApi } from '../../credentials/AzureCommunicationServicesTriggerApi.credentials';
import { AzureCommunicationServicesUserTokenApi } from '../../credentials/AzureCommunicationServicesUserTokenApi.credentials';
import { SignalWireApi } from '../../credentials/SignalWireApi.credentials';
import { startEmulator, type Emulator } from '../../emulator';
import { createHarness, type Harness } from '../harness';

/**
 * Each credential's `test` request, authenticated by the credential's own `authenticate`, must succeed
 * with the right secret and fail with a wrong one: the test proves the secret, not just the host.
 */
let emulator: Emulator;
let harness: Harness;
beforeAll(async () => {
	emulator = await startEmulator();
	harness = createHarness({ nodeTypes: [], credentialTypes: [] });
});
afterAll(async () => {
	await harness.close();
	await emulator.close();
});

/** Resolves the test URL with n8n's expression engine, as n8n does before a credential test. */
async function resolveUrl(
	url: string,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	const node: INode = {
		id: 'test',
		name: 'Test',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: harness.nodeTypes,
	});
	return await workflow.expression.withIsolate(async () =>
		String(
			workflow.expression.getSimpleParameterValue(
				node,
				url,
				'internal',
				{ $credentials: credentials } as never,
				undefined,
				'',
			),
		),
	);
}

async function runCredentialTest(
	type: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
): Promise<number> {
	const request = type.test!.request as IHttpRequestOptions;
	const authenticate = type.authenticate as (
		c: ICredentialDataDecryptedObject,
		o: IHttpRequestOptions,
	) => Promise<IHttpRequestOptions>;
	const options = await authenticate(credentials, {
		...request,
		url: await resolveUrl(request.url, credentials),
	});
	const response = await fetch(options.url, {
		method: options.method,
		headers: options.headers as Record<string, string>,
	});
	return response.status;
}

describe('credential tests prove the secret', () => {
	it('access key', async () => {
		const type = new AzureCommunicationServicesApi();
		expect(
			await runCredentialTest(type, { endpoint: emulator.url, accessKey: emulator.acs.accessKey }),
		).toBe(200);
		expect(
			await runCredentialTest(type, { endpoint: emulator.acs.connectionString, accessKey: '' }),
		).toBe(200);
		expect(
			await runCredentialTest(type, {
				endpoint: emulator.url,
				accessKey: Buffer.alloc(64, 3).toString('base64'),
			}),
		).toBe(401);
		expect(emulator.counts()['acs.phoneNumbers.list']).toBe(3);
	});

	it('user access token', async () => {
		const type = new AzureCommunicationServicesUserTokenApi();
		const member = emulator.fixtures.acs.users.member;
		const valid = emulator.issueUserToken(member).token;
		expect(await runCredentialTest(type, { endpoint: emulator.url, accessToken: valid })).toBe(200);
		const tampered = `${valid.slice(0, -4)}AAAA`;
		expect(await runCredentialTest(type, { endpoint: emulator.url, accessToken: tampered })).toBe(
			401,
		);
		const expired = emulator.issueUserToken(member, {
			expiresAt: new Date(Date.now() - 1000),
		}).token;
		await expect(
			runCredentialTest(type, { endpoint: emulator.url, accessToken: expired }),
		).rejects.toThrow(/expired at/);
	});

	it('SignalWire', async () => {
		const type = new SignalWireApi();
		const { projectId, apiToken } = emulator.signalwire;
		expect(await runCredentialTest(type, { spaceUrl: emulator.url, projectId, apiToken })).toBe(
			200,
		);
		expect(
			await runCredentialTest(type, { spaceUrl: emulator.url, projectId, apiToken: 'PTnope' }),
		).toBe(401);
		expect(emulator.requests().at(-1)!.path).toBe(
			`/api/laml/2010-04-01/Accounts/${projectId}.json`,
		);
	});

	it('ACS trigger: the test fetches the Call Automation issuer keys', async () => {
		const type = new AzureCommunicationServicesTriggerApi();
		const { url } = type.test!.request as IHttpRequestOptions;
		const emulated = await resolveUrl(url, {
			secret: 's',
			callAutomationIssuer: ` ${emulator.url}/ `,
		});
		expect(emulated).toBe(`${emulator.url}/calling/keys`);
		expect((await fetch(emulated)).status).toBe(200);
		const defaults = Object.fromEntries(type.properties.map((p) => [p.name, p.default]));
		expect(await resolveUrl(url, { ...defaults, secret: 's' })).toBe(
			'https://acscallautomation.communication.azure.com/calling/keys',
		);
	});

	it('refuses to authenticate a request for another host', async () => {
		const type = new AzureCommunicationServicesApi();
		const authenticate = type.authenticate as (
			c: ICredentialDataDecryptedObject,
			o: IHttpRequestOptions,
		) => Promise<IHttpRequestOptions>;
		await expect(
			authenticate(
				{ endpoint: emulator.url, accessKey: emulator.acs.accessKey },
				{ url: `${emulator.foreignHostUrl}/steal`, method: 'GET' },
			),
		).rejects.toThrow(/the credential is for/);
	});
});
