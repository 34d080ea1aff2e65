import type { INodeParameters } from 'n8n-workflow';

import { listSearch, loadOptions } from '../harness/load-options';
import { WorkflowTestHarness } from '../harness/workflow-files';
import { ACS_NODE, createTestContext, type AcsAuth, type TestContext } from './context';

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
	t.emulator.faults.clear();
});

const acs = () => t.emulator.fixtures.acs;
const authenticationOf = (auth: AcsAuth) => (auth === 'connectionString' ? 'accessKey' : auth);

/** A picker's list as the editor asks for it: the node's current parameters, version 2. */
async function list(
	auth: AcsAuth,
	method: string,
	parameter: string,
	parameters: INodeParameters,
	search: { filter?: string; paginationToken?: string } = {},
) {
	const credential = t.credentials[auth];
	return await listSearch(t.harness, {
		type: ACS_NODE,
		typeVersion: 2,
		parameters: { authentication: authenticationOf(auth), ...parameters },
		credentials: { [credential.type]: credential.ref },
		parameter,
		method,
		...search,
	});
}

async function allPages(run: (paginationToken?: string) => ReturnType<typeof list>) {
	const pages = [];
	let token: string | undefined;
	do {
		const page = await run(token);
		pages.push(page);
		token = page.paginationToken as string | undefined;
	} while (token && pages.length < 10);
	return pages;
}

const requestsTo = (endpoint: string) =>
	t.emulator.requests().filter((r) => r.endpoint === endpoint);

describe('pickers of the ACS node (From List)', () => {
	const templateParameters = () => ({
		resource: 'advancedMessage',
		operation: 'send',
		messageType: 'template',
		channelRegistrationId: acs().whatsApp.channelRegistrationId,
	});

	it.each(['accessKey', 'oAuth2'] as const)(
		'lists the channel templates by name with their languages and statuses (%s)',
		async (auth) => {
			const page = await list(auth, 'searchTemplates', 'templateName', templateParameters());
			const templates = acs().whatsApp.templates;
			expect(page.results.map((r) => r.value)).toEqual([...new Set(templates.map((x) => x.name))]);
			const pending = templates.find((x) => x.status === 'pending')!;
			expect(page.results).toContainEqual({
				name: `${pending.name} (${pending.language}: pending)`,
				value: pending.name,
			});
			expect(page.paginationToken).toBeUndefined();
			const [request] = requestsTo('acs.messages.templates.list');
			expect(new URLSearchParams(request.query).get('maxpagesize')).toBe('100');
		},
	);

	it('keeps only the templates matching the search', async () => {
		const page = await list('accessKey', 'searchTemplates', 'templateName', templateParameters(), {
			filter: 'ORDER_update_0',
		});
		const expected = acs()
			.whatsApp.templates.filter((x) => x.name.startsWith('order_update_0'))
			.map((x) => x.name);
		expect(expected.length).toBeGreaterThan(1);
		expect(page.results.map((r) => r.value)).toEqual(expected);
	});

	it('asks for the Channel Registration ID before listing templates', async () => {
		await expect(
			list('accessKey', 'searchTemplates', 'templateName', {
				...templateParameters(),
				channelRegistrationId: '',
			}),
		).rejects.toThrow('Enter the Channel Registration ID first');
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it('says what the service answered for a channel the resource does not have', async () => {
		const error = await list('accessKey', 'searchTemplates', 'templateName', {
			...templateParameters(),
			channelRegistrationId: acs().whatsApp.unknownChannelRegistrationId,
		}).then(
			() => ({ message: 'listed', httpCode: undefined }),
			(e: unknown) => e as { message: string; httpCode?: string },
		);
		expect(error.httpCode).toBe('404');
		expect(error.message).toMatch(/channel registration was not found/);
	});

	it('offers the languages of the chosen template', async () => {
		const template = acs().whatsApp.templates[0]!;
		const credential = t.credentials.accessKey;
		const options = await loadOptions(t.harness, {
			type: ACS_NODE,
			typeVersion: 2,
			parameters: {
				authentication: 'accessKey',
				...templateParameters(),
				templateName: { __rl: true, mode: 'list', value: template.name },
			},
			credentials: { [credential.type]: credential.ref },
			parameter: 'templateLanguage',
			method: 'getTemplateLanguages',
		});
		expect(options).toEqual(
			acs()
				.whatsApp.templates.filter((x) => x.name === template.name)
				.map((x) => ({ name: `${x.language} (${x.status})`, value: x.language })),
		);
	});

	it.each(['accessKey', 'oAuth2', 'userAccessToken'] as const)(
		"lists the chat user's threads, not the others (%s)",
		async (auth) => {
			const page = await list(auth, 'searchChatThreads', 'chatThreadId', {
				resource: 'chatMessage',
				operation: 'get',
				chatUserId: acs().users.member,
			});
			const expected = acs()
				.chat.threads.filter((thread) => thread.participants.includes(acs().users.member))
				.map((thread) => thread.id);
			expect(page.results.map((r) => r.value)).toEqual(expected);
			expect(page.results.map((r) => r.value)).not.toContain(acs().chat.threadIds.private);
		},
	);

	it('refuses a Chat User ID that is not an ACS user before any request', async () => {
		await expect(
			list('accessKey', 'searchChatThreads', 'chatThreadId', {
				resource: 'chatMessage',
				operation: 'get',
				chatUserId: 'alice',
			}),
		).rejects.toThrow('Chat User ID "alice" is not an ACS user ID');
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it.each([
		['searchSmsNumbers', 'sms', { resource: 'sms', operation: 'send' }, 'from'],
		[
			'searchCallingNumbers',
			'calling',
			{ resource: 'call', operation: 'create' },
			'sourceCallerIdNumber',
		],
	] as const)(
		'%s pages through every number that can send (%s), one page per request',
		async (method, capability, parameters, parameter) => {
			const pages = await allPages(
				async (paginationToken) =>
					await list('accessKey', method, parameter, parameters, { paginationToken }),
			);
			const expected = acs()
				.phoneNumberInventory.filter((n) => n.capabilities[capability].includes('outbound'))
				.map((n) => n.phoneNumber);
			expect(pages.length).toBe(Math.ceil(acs().phoneNumberInventory.length / 100));
			expect(pages.flatMap((page) => page.results.map((r) => r.value))).toEqual(expected);
			expect(requestsTo('acs.phoneNumbers.list')).toHaveLength(pages.length);
		},
	);

	it('narrows the numbers to the search', async () => {
		const page = await list(
			'oAuth2',
			'searchSmsNumbers',
			'from',
			{ resource: 'sms' },
			{
				filter: acs().phoneNumbers.main.slice(0, -1),
			},
		);
		expect(page.results.map((r) => r.value)).toEqual([
			acs().phoneNumbers.main,
			acs().phoneNumbers.second,
		]);
	});

	it('shows a refused credential as an error naming the status, without the key', async () => {
		const credential = {
			type: 'azureCommunicationServicesApi',
			ref: t.harness.addCredential('azureCommunicationServicesApi', {
				endpoint: t.emulator.url,
				accessKey: Buffer.from('not the key of this resource').toString('base64'),
			}),
		};
		const error = await listSearch(t.harness, {
			type: ACS_NODE,
			typeVersion: 2,
			parameters: { authentication: 'accessKey', resource: 'sms', operation: 'send' },
			credentials: { [credential.type]: credential.ref },
			parameter: 'from',
			method: 'searchSmsNumbers',
		}).then(
			() => ({ message: 'listed', httpCode: undefined }),
			(e: unknown) => e as { message: string; httpCode?: string },
		);
		expect(error.httpCode).toBe('401');
		expect(error.message).toMatch(/401/);
		expect(JSON.stringify(error)).not.toContain(
			Buffer.from('not the key of this resource').toString('base64'),
		);
	});
});

describe('saved workflows keep working across the picker versions', () => {
	const workflows = new WorkflowTestHarness(() => t.workflows);

	workflows.setupTests({
		workflowFiles: ['workflows/acs.version-1-text-fields.json'],
		title: 'version 1 text fields still send and read',
		output: () => {
			const [sms] = t.emulator.outbox().filter((m) => m.service === 'sms');
			return {
				nodeData: {
					'Send SMS': [
						{
							json: {
								to: acs().sms.customer,
								messageId: sms!.id,
								successful: true,
								httpStatusCode: 202,
								repeatabilityResult: 'accepted',
							},
						},
					],
				},
			};
		},
		customAssertions: () => {
			const sent = t.emulator.outbox().filter((m) => m.service === 'sms');
			expect(sent.map((m) => [m.request.from, m.to])).toEqual([
				[acs().phoneNumbers.main, acs().sms.customer],
			]);
			const [read] = requestsTo('acs.chat.message.list');
			expect(read.path).toBe(
				`/chat/threads/${encodeURIComponent(acs().chat.threadIds.small)}/messages`,
			);
		},
	});

	it('version 2 runs with the values picked from the lists', async () => {
		const result = await t.runAcs('accessKey', {
			resource: 'sms',
			operation: 'send',
			from: { __rl: true, mode: 'list', value: acs().phoneNumbers.second },
			to: acs().sms.customer,
			message: 'Picked from the list',
		});
		expect(result.error).toBeUndefined();
		const chat = await t.runAcs('accessKey', {
			resource: 'chatMessage',
			operation: 'getAll',
			chatUserId: acs().users.member,
			chatThreadId: { __rl: true, mode: 'id', value: acs().chat.threadIds.small },
			limit: 1,
		});
		expect(chat.error).toBeUndefined();
		expect(chat.items).toHaveLength(1);
		expect(t.emulator.outbox().map((m) => m.request.from)).toEqual([acs().phoneNumbers.second]);
	});
});
