import type { IDataObject, INodeListSearchResult, INodeParameters } from 'n8n-workflow';

import type { SwMessageRecord } from '../../emulator/fixtures';
import { listSearch } from '../harness/load-options';
import { serveTrigger, type ServedTrigger } from '../harness/webhook';
import { WorkflowTestHarness } from '../harness/workflow-files';
import {
	createTestContext,
	SIGNALWIRE_NODE,
	SIGNALWIRE_TRIGGER_NODE,
	type TestContext,
} from './context';

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
});

const sw = () => t.emulator.fixtures.signalwire;
const accountPath = () => `/api/laml/2010-04-01/Accounts/${t.emulator.signalwire.projectId}`;
const requestsTo = (endpoint: string) =>
	t.emulator.requests().filter((request) => request.endpoint === endpoint);
const queryOf = (request: { query: string }) =>
	Object.fromEntries(new URLSearchParams(request.query));

/** The editor opening a picker's list of the SignalWire node (or trigger), search text and page token as given. */
async function list(
	method: string,
	options: {
		filter?: string;
		paginationToken?: string;
		apiToken?: string;
		type?: string;
	} = {},
): Promise<INodeListSearchResult> {
	const credential = options.apiToken
		? t.harness.addCredential('signalWireApi', {
				spaceUrl: t.emulator.url,
				projectId: t.emulator.signalwire.projectId,
				apiToken: options.apiToken,
			})
		: t.credentials.signalWire.ref;
	const type = options.type ?? SIGNALWIRE_NODE;
	const result = await listSearch(t.harness, {
		type,
		typeVersion: 2,
		parameters: {},
		parameter:
			method === 'searchMessages'
				? 'messageSid'
				: type === SIGNALWIRE_TRIGGER_NODE
					? 'phoneNumber'
					: 'from',
		method,
		credentials: { signalWireApi: credential },
		filter: options.filter,
		paginationToken: options.paginationToken,
	});
	t.watchDelivery({ body: JSON.stringify(result) });
	return result;
}

const numberItem = (number: { friendlyName: string; phoneNumber: string }) => ({
	name: `${number.friendlyName} (${number.phoneNumber})`,
	value: number.phoneNumber,
});

describe('SignalWire pickers: phone numbers', () => {
	it('From of a message lists the SMS-capable numbers only, in one request for one page', async () => {
		const result = await list('searchSmsNumbers');
		expect(result).toEqual({
			results: sw()
				.incomingNumbers.filter((number) => number.capabilities.sms)
				.map(numberItem),
		});
		expect(result.results.map((item) => item.value)).not.toContain(sw().numbers.voiceOnly);
		const [request, ...more] = t.emulator.requests();
		expect(more).toEqual([]);
		expect(request.path).toBe(`${accountPath()}/IncomingPhoneNumbers.json`);
		expect(queryOf(request)).toEqual({ PageSize: '50' });
	});

	it('From of a call lists the voice-capable numbers only', async () => {
		const result = await list('searchVoiceNumbers');
		expect(result.results).toEqual(
			sw()
				.incomingNumbers.filter((number) => number.capabilities.voice)
				.map(numberItem),
		);
		expect(result.results.map((item) => item.value)).not.toContain(sw().numbers.smsOnly);
	});

	it('a search by part of a number goes to SignalWire as its PhoneNumber filter (digits only)', async () => {
		const result = await list('searchSmsNumbers', { filter: ' 123-4570 ' });
		const smsOnly = sw().incomingNumbers.find(
			(number) => number.phoneNumber === sw().numbers.smsOnly,
		)!;
		expect(result.results).toEqual([numberItem(smsOnly)]);
		expect(queryOf(requestsTo('sw.numbers.list')[0])).toEqual({
			PhoneNumber: '1234570',
			PageSize: '50',
		});
	});

	it('a whole number in E.164 form is sent as written, for an exact match', async () => {
		const written = sw().numbers.project.replace(/^(\+1)(\d{3})/, '$1 ($2) ');
		const result = await list('searchSmsNumbers', { filter: written });
		expect(result.results.map((item) => item.value)).toEqual([sw().numbers.project]);
		expect(queryOf(requestsTo('sw.numbers.list')[0])).toEqual({
			PhoneNumber: sw().numbers.project,
			PageSize: '50',
		});
	});

	it('a search by name goes to SignalWire as its FriendlyName filter', async () => {
		const support = sw().incomingNumbers.find(
			(number) => number.phoneNumber === sw().numbers.project,
		)!;
		const result = await list('searchVoiceNumbers', { filter: support.friendlyName });
		expect(result.results).toEqual([numberItem(support)]);
		expect(queryOf(requestsTo('sw.numbers.list')[0])).toEqual({
			FriendlyName: support.friendlyName,
			PageSize: '50',
		});
	});

	it('a token without the Numbers scope gets a readable error in the list', async () => {
		const error = (await list('searchSmsNumbers', {
			apiToken: t.emulator.signalwire.apiTokenWithoutMessagingScope,
		}).catch((e: unknown) => e)) as Error & { description?: string };
		expect(error.message).toBe(
			'The API token lacks the Numbers scope: SignalWire returned 401 20003: Authentication Error - the API token does not have the Numbers scope',
		);
		expect(error.description).toMatch(/Numbers scope in the SignalWire Dashboard \(API > Tokens\)/);
	});

	it('the SignalWire Trigger lists the SMS-capable numbers with the same method', async () => {
		const result = await list('searchSmsNumbers', { type: SIGNALWIRE_TRIGGER_NODE });
		expect(result.results).toEqual(
			sw()
				.incomingNumbers.filter((number) => number.capabilities.sms)
				.map(numberItem),
		);
	});
});

describe('SignalWire pickers: recent messages', () => {
	/** The emulator's messages as SignalWire lists them: newest first. */
	const newestFirst = (records: SwMessageRecord[]) =>
		[...records].sort(
			(a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.sid.localeCompare(b.sid),
		);

	it('pages through next_page_uri: two pages, every message once, newest first', async () => {
		const first = await list('searchMessages');
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toEqual(expect.stringContaining('PageToken='));
		const second = await list('searchMessages', { paginationToken: first.paginationToken });
		expect(second.paginationToken).toBeUndefined();
		expect([...first.results, ...second.results].map((item) => item.value)).toEqual(
			newestFirst(sw().messageRecords).map((record) => record.sid),
		);
		const [one, two] = requestsTo('sw.message.list');
		expect(queryOf(one)).toEqual({ PageSize: '50' });
		expect(`${two.path}?${two.query}`).toBe(first.paginationToken);
	});

	it('names a message by date, numbers and the start of its text', async () => {
		const { results } = await list('searchMessages');
		const [record] = newestFirst(sw().messageRecords);
		const sent = record.createdAt.toISOString().slice(0, 16).replace('T', ' ');
		expect(results.find((item) => item.value === record.sid)?.name).toBe(
			`${sent} ${record.from} → ${record.to}: ${record.body}`,
		);
	});

	it('cuts a long text after 40 characters', async () => {
		const body = 'Your order 1234 has shipped and will arrive on Friday between 9 and 5.';
		const sent = await t.runSignalWire({
			resource: 'message',
			operation: 'send',
			from: sw().numbers.project,
			to: sw().numbers.customer,
			body,
		});
		const sid = sent.items[0].json.sid as string;
		const { results } = await list('searchMessages');
		expect(results[0]).toEqual({
			name: expect.stringMatching(
				new RegExp(
					`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} \\${sw().numbers.project} → \\${sw().numbers.customer}: ${body.slice(0, 40)}…$`,
				),
			) as unknown,
			value: sid,
		});
	});

	it('a phone number as search is SignalWire’s To filter; other text does not filter', async () => {
		const to = sw().numbers.landline;
		const { results } = await list('searchMessages', { filter: to });
		expect(results.map((item) => item.value)).toEqual(
			newestFirst(sw().messageRecords.filter((record) => record.to === to)).map((r) => r.sid),
		);
		await list('searchMessages', { filter: 'shipped' });
		const [filtered, unfiltered] = requestsTo('sw.message.list');
		expect(queryOf(filtered)).toEqual({ To: to, PageSize: '50' });
		expect(queryOf(unfiltered)).toEqual({ PageSize: '50' });
	});

	it('a token without the Messaging scope gets a readable error in the list', async () => {
		await expect(
			list('searchMessages', { apiToken: t.emulator.signalwire.apiTokenWithoutMessagingScope }),
		).rejects.toThrow(
			'The API token lacks the Messaging scope: SignalWire returned 401 20003: Authentication Error - the API token does not have the Messaging scope',
		);
	});

	it('a page token pointing at another host is refused before anything is sent', async () => {
		await expect(
			list('searchMessages', {
				paginationToken: `${t.emulator.foreignHostUrl}${accountPath()}/Messages.json?Page=1`,
			}),
		).rejects.toThrow(/The next page link points to .*the request was not sent/);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});
});

describe('SignalWire node versions: From and Message SID', () => {
	const workflows = new WorkflowTestHarness(() => t.workflows);
	const sentFrom = (from: string) => ({
		nodeData: {
			'Send SMS': [
				{
					json: expect.objectContaining({
						from,
						to: sw().numbers.customer,
						body: 'Your order has shipped',
						status: 'queued',
					}) as IDataObject,
				},
			],
		},
	});
	const sentForm = () =>
		Object.fromEntries(new URLSearchParams(requestsTo('sw.message.create')[0].body.toString()));

	workflows.setupTests({
		workflowFiles: ['workflows/signalwire.send-v1-text-from.json'],
		title: 'still runs: From saved as text by version 1',
		output: (context) => {
			const node = context.workflow.nodes.find((n) => n.name === 'Send SMS')!;
			expect(node.typeVersion).toBe(1);
			return sentFrom(node.parameters.from as string);
		},
		customAssertions: () => expect(sentForm().From).toBe(sw().numbers.project),
	});

	workflows.setupTests({
		workflowFiles: ['workflows/signalwire.send-v2-picked-from.json'],
		title: 'runs: From picked from the list in version 2',
		output: (context) => {
			const node = context.workflow.nodes.find((n) => n.name === 'Send SMS')!;
			expect(node.typeVersion).toBe(2);
			return sentFrom((node.parameters.from as { value: string }).value);
		},
		customAssertions: () => expect(sentForm().From).toBe(sw().numbers.secondProject),
	});

	it('version 2 takes From By ID and refuses a number not in E.164 form before sending', async () => {
		const byId = await t.runSignalWire({
			resource: 'message',
			operation: 'send',
			from: { __rl: true, mode: 'id', value: sw().numbers.project },
			to: sw().numbers.customer,
			body: 'Hi',
		});
		expect(byId.error).toBeUndefined();
		expect(sentForm().From).toBe(sw().numbers.project);
		t.emulator.resetCounters();
		const notE164 = (value: string) => ({
			resource: 'message',
			operation: 'send',
			from: { __rl: true, mode: 'id', value },
			to: sw().numbers.customer,
			body: 'Hi',
		});
		// n8n itself refuses to run a By ID value that fails the picker's check.
		await expect(t.runSignalWire(notE164('555 0100'))).rejects.toThrow(
			'Enter the number in E.164 form: + and country code, e.g. +15551234567',
		);
		// An expression is checked when it is run, by the node.
		const mapped = await t.runSignalWire(notE164('={{ "555 0100" }}'));
		expect(mapped.error?.message).toBe('From "555 0100" is not a phone number in E.164 form');
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it('version 2 gets a message picked from the list; version 1 one given as text', async () => {
		const sid = sw().messageSids.small;
		const picked = await t.runSignalWire({
			resource: 'message',
			operation: 'get',
			messageSid: { __rl: true, mode: 'list', value: sid, cachedResultName: 'picked' },
		});
		expect(picked.items.map((item) => item.json.sid)).toEqual([sid]);
		const text = await t.harness.runNode({
			type: SIGNALWIRE_NODE,
			typeVersion: 1,
			parameters: { resource: 'message', operation: 'get', messageSid: sid },
			credentials: { signalWireApi: t.credentials.signalWire.ref },
		});
		expect(text.items.map((item) => item.json.sid)).toEqual([sid]);
		expect(requestsTo('sw.message.get').map((request) => request.path)).toEqual([
			`${accountPath()}/Messages/${sid}.json`,
			`${accountPath()}/Messages/${sid}.json`,
		]);
	});

	it('version 2 lists the media of a message picked By ID', async () => {
		const sid = sw().messageSids.small;
		const result = await t.runSignalWire({
			resource: 'messageMedia',
			operation: 'getAll',
			messageSid: { __rl: true, mode: 'id', value: sid },
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		expect(requestsTo('sw.media.list')[0].path).toBe(`${accountPath()}/Messages/${sid}/Media.json`);
	});
});

describe('SignalWire Trigger versions: Phone Number', () => {
	const served: ServedTrigger[] = [];
	afterAll(async () => await Promise.all(served.map(async (trigger) => await trigger.close())));
	const serve = async (typeVersion: number, phoneNumber: INodeParameters[string]) => {
		const trigger = await serveTrigger(t.harness, {
			type: SIGNALWIRE_TRIGGER_NODE,
			typeVersion,
			parameters: { events: ['inboundMessage'], registration: 'automatic', phoneNumber },
			credentials: { signalWireApi: t.credentials.signalWire.ref },
		});
		served.push(trigger);
		return trigger;
	};
	const registeredUrls = () =>
		requestsTo('sw.numbers.update').map((request) =>
			new URLSearchParams(request.body.toString()).get('SmsUrl'),
		);
	const lookedUp = () =>
		requestsTo('sw.numbers.list').map((request) => queryOf(request).PhoneNumber);

	it('version 2 registers the number picked from the list, and gives it back', async () => {
		const number = sw().numbers.project;
		const trigger = await serve(2, {
			__rl: true,
			mode: 'list',
			value: number,
			cachedResultName: 'Support line',
		});
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(await trigger.lifecycle('checkExists')).toBe(true);
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(lookedUp()).toEqual([number, number, number]);
		expect(registeredUrls()).toEqual([trigger.url, '']);
	});

	it('version 1.1 still registers the number saved as text', async () => {
		const number = sw().mainNumber;
		const trigger = await serve(1.1, number.phoneNumber);
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(lookedUp()).toEqual([number.phoneNumber, number.phoneNumber]);
		expect(registeredUrls()).toEqual([trigger.url, number.smsUrl]);
	});
});
