import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { acsCredentialType } from '../../shared/acs/connect';
import { createTestContext, type AcsAuth, type TestContext } from './context';

/**
 * Bad input across both nodes and every credential. Each case either fails with a clear error naming
 * the field before anything is sent (the emulator counts no request at all), or sends a request whose
 * path is exactly the encoded one, so the input cannot reach another path or query.
 */
let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
});

type Outcome = { error: string | RegExp } | { path: string };
interface Case {
	name: string;
	node: 'acs' | 'signalWire';
	auth?: Exclude<AcsAuth, 'connectionString'>;
	parameters: Record<string, unknown>;
	/** The value for `={{ $json.value }}` in the parameters. */
	value?: unknown;
	inputBinary?: boolean;
	credential?: (url: string) => ICredentialDataDecryptedObject;
	outcome: Outcome;
}

const fromInput = '={{ $json.value }}';
const media = (mediaId: unknown = fromInput, extra = {}) => ({
	resource: 'media',
	operation: 'download',
	mediaId,
	...extra,
});
const chatGet = (extra: Record<string, unknown>) => ({
	resource: 'chatMessage',
	operation: 'get',
	chatUserId: '8:acs:c8f4b1e2-3a5d-4e6f-9a7b-1c2d3e4f5a6b_0e59221d-0c1d-46ae-9544-c963ce56c10b',
	chatThreadId: '19:acsemuSmallThread00000000000002@thread.v2',
	chatMessageId: '1',
	...extra,
});
const streaming = (extra: Record<string, unknown>) => ({
	resource: 'callMedia',
	operation: 'startMediaStreaming',
	callConnectionId: '18dea47f-b081-4107-9a5c-4300819d2c6c',
	...extra,
});
const swGet = (extra: Record<string, unknown>) => ({
	resource: 'messageMedia',
	operation: 'get',
	messageSid: 'm1',
	mediaSid: 's1',
	...extra,
});
const whatsAppSend = (extra: Record<string, unknown>) => ({
	resource: 'advancedMessage',
	operation: 'send',
	channelRegistrationId: 'b7aaeee8-cd61-4ac2-abc7-9ce6d9f81e04',
	to: '+14255550101',
	messageType: 'text',
	content: 'hi',
	...extra,
});
const whatsAppTemplate = (templateParameters: Record<string, unknown>) =>
	whatsAppSend({
		messageType: 'template',
		templateName: 'sample_issue_resolution',
		templateLanguage: 'en_US',
		templateParameters,
	});
const chatSend = (extra: Record<string, unknown>) => ({
	...chatGet({}),
	operation: 'send',
	content: 'hi',
	...extra,
});
const smsSend = (extra: Record<string, unknown>) => ({
	resource: 'message',
	operation: 'send',
	from: '+15551234567',
	to: '+15557654321',
	body: 'hi',
	...extra,
});
const swPath = (message: string, media: string) =>
	`/api/laml/2010-04-01/Accounts/3f6c7a2e-1b4d-4c8e-9f0a-5b6c7d8e9f10/Messages/${message}/Media/${media}.json`;
const key = Buffer.alloc(64, 9).toString('base64');
const acsKeyCredential =
	(endpoint: string, accessKey = key) =>
	() => ({ endpoint, accessKey });
const entraCredential = (endpoint: string) => (url: string) => ({
	endpoint,
	grantType: 'clientCredentials',
	tenantId: 't',
	authorityHost: url,
	clientId: 'c',
	clientSecret: 's',
});
const userTokenCredential =
	(endpoint: (url: string) => string, accessToken: string) => (url: string) => ({
		endpoint: endpoint(url),
		accessToken,
	});
const spaceCredential =
	(spaceUrl: string, projectId = 'p') =>
	() => ({ spaceUrl, projectId, apiToken: 'PTx' });
const expiredJwt = `e30.${Buffer.from(JSON.stringify({ exp: 1_700_000_000 })).toString('base64url')}.sig`;

const cases: Case[] = [
	// IDs, ACS media
	{
		name: 'empty media id',
		node: 'acs',
		parameters: media(),
		value: '',
		outcome: { error: 'Media ID is empty' },
	},
	{
		name: 'blank media id',
		node: 'acs',
		parameters: media(),
		value: ' \t ',
		outcome: { error: 'Media ID is empty' },
	},
	{
		name: 'media id "."',
		node: 'acs',
		parameters: media(),
		value: '.',
		outcome: { error: 'Media ID cannot be "."' },
	},
	{
		name: 'media id ".."',
		node: 'acs',
		parameters: media(),
		value: '..',
		outcome: { error: 'Media ID cannot be ".."' },
	},
	{
		name: 'media id with /',
		node: 'acs',
		parameters: media(),
		value: 'a/b',
		outcome: { path: '/messages/streams/a%2Fb' },
	},
	{
		name: 'media id with ../',
		node: 'acs',
		parameters: media(),
		value: '../../chat/threads',
		outcome: { path: '/messages/streams/..%2F..%2Fchat%2Fthreads' },
	},
	{
		name: 'media id with ?',
		node: 'acs',
		parameters: media(),
		value: 'a?api-version=1',
		outcome: { path: '/messages/streams/a%3Fapi-version%3D1' },
	},
	{
		name: 'media id with #',
		node: 'acs',
		parameters: media(),
		value: 'a#b',
		outcome: { path: '/messages/streams/a%23b' },
	},
	{
		name: 'media id with %2F',
		node: 'acs',
		parameters: media(),
		value: 'a%2Fb',
		outcome: { path: '/messages/streams/a%252Fb' },
	},
	{
		name: 'media id with CR/LF',
		node: 'acs',
		parameters: media(),
		value: 'a\r\nX-Injected: 1',
		outcome: { error: 'Media ID contains a line break or another control character' },
	},
	{
		name: 'media id with a NUL',
		node: 'acs',
		parameters: media(),
		value: 'a\u0000b',
		outcome: { error: 'Media ID contains a line break or another control character' },
	},
	{
		name: 'unicode media id',
		node: 'acs',
		parameters: media(),
		value: 'Ünï✓',
		outcome: { path: '/messages/streams/%C3%9Cn%C3%AF%E2%9C%93' },
	},
	{
		name: '10,000-character media id',
		node: 'acs',
		parameters: media(),
		value: 'x'.repeat(10_000),
		outcome: { error: 'Media ID is too long (10000 characters; at most 1024)' },
	},
	{
		name: 'number media id from an expression',
		node: 'acs',
		parameters: media(),
		value: 12345,
		outcome: { path: '/messages/streams/12345' },
	},
	{
		name: 'object media id from an expression',
		node: 'acs',
		parameters: media(),
		value: { id: 'x' },
		outcome: { error: 'Media ID must be text, but it is an object' },
	},
	{
		name: 'list media id from an expression',
		node: 'acs',
		parameters: media(),
		value: ['x'],
		outcome: { error: 'Media ID must be text, but it is a list' },
	},
	{
		name: 'boolean media id from an expression',
		node: 'acs',
		parameters: media(),
		value: true,
		outcome: { error: 'Media ID must be text, but it is a boolean' },
	},
	{
		name: 'null media id from an expression',
		node: 'acs',
		parameters: media(),
		value: null,
		outcome: { error: 'Media ID must be text, but it is null' },
	},
	{
		name: 'output field already used by the input',
		node: 'acs',
		parameters: media('x'),
		inputBinary: true,
		outcome: {
			error: 'Put Output File in Field "data" is already used by a file on the input item',
		},
	},
	{
		name: 'empty output field',
		node: 'acs',
		parameters: media('x', { binaryPropertyName: '={{ "" }}' }),
		outcome: { error: 'Put Output File in Field is empty' },
	},
	{
		name: 'api version not a version',
		node: 'acs',
		parameters: media('x', { options: { apiVersion: '2024-02-01&x=1' } }),
		outcome: { error: 'API Version "2024-02-01&x=1" is not an API version' },
	},
	// IDs, chat and calling
	{
		name: 'chat thread id with /',
		node: 'acs',
		parameters: chatGet({ chatThreadId: fromInput }),
		value: '19:x/../y@thread.v2',
		outcome: {
			path: '/identities/8%3Aacs%3Ac8f4b1e2-3a5d-4e6f-9a7b-1c2d3e4f5a6b_0e59221d-0c1d-46ae-9544-c963ce56c10b/:issueAccessToken',
		},
	},
	{
		name: 'blank chat message id',
		node: 'acs',
		parameters: chatGet({ chatMessageId: fromInput }),
		value: '  ',
		outcome: { error: 'Chat Message ID is empty' },
	},
	{
		name: 'chat user id not an ACS id',
		node: 'acs',
		parameters: chatGet({ chatUserId: 'bob@example.com' }),
		outcome: { error: 'Chat User ID "bob@example.com" is not an ACS user ID' },
	},
	{
		name: 'chat user id with a space',
		node: 'acs',
		parameters: chatGet({ chatUserId: '8:acs:abc def' }),
		outcome: { error: 'Chat User ID "8:acs:abc def" is not an ACS user ID' },
	},
	{
		name: 'chat start time not a date',
		node: 'acs',
		parameters: { ...chatGet({}), operation: 'getAll', options: { startTime: 'yesterday' } },
		outcome: { error: 'Start Time "yesterday" is not a date and time' },
	},
	{
		name: 'blank call connection id',
		node: 'acs',
		parameters: streaming({ callConnectionId: fromInput }),
		value: '',
		outcome: { error: 'Call Connection ID is empty' },
	},
	{
		name: 'call connection id that tries another action',
		node: 'acs',
		parameters: streaming({ callConnectionId: fromInput }),
		value: 'x:stopMediaStreaming?',
		outcome: { path: '/calling/callConnections/x%3AstopMediaStreaming%3F:startMediaStreaming' },
	},
	{
		name: 'http callback URI',
		node: 'acs',
		parameters: streaming({
			additionalFields: { operationCallbackUri: 'http://hooks.example.com' },
		}),
		outcome: { error: 'Operation Callback URI "http://hooks.example.com" is not an https URL' },
	},
	{
		name: 'callback URI not a URL',
		node: 'acs',
		parameters: streaming({ additionalFields: { operationCallbackUri: 'hooks.example.com/acs' } }),
		outcome: { error: 'Operation Callback URI "hooks.example.com/acs" is not an https URL' },
	},
	{
		name: 'ftp callback URI',
		node: 'acs',
		parameters: streaming({
			additionalFields: { operationCallbackUri: 'ftp://hooks.example.com' },
		}),
		outcome: { error: 'Operation Callback URI "ftp://hooks.example.com" is not an https URL' },
	},
	// Endpoints, keys, connection strings, tokens
	{
		name: 'endpoint not a URL',
		node: 'acs',
		parameters: media('x'),
		credential: acsKeyCredential('my-resource'),
		outcome: { error: /Endpoint "my-resource" is not a URL/ },
	},
	{
		name: 'plain http endpoint to a remote host',
		node: 'acs',
		parameters: media('x'),
		credential: acsKeyCredential('http://my-resource.communication.azure.com'),
		outcome: {
			error:
				/plain http:\/\/ to my-resource.communication.azure.com; the credential would travel unencrypted/,
		},
	},
	{
		name: 'endpoint with a path',
		node: 'acs',
		parameters: media('x'),
		credential: acsKeyCredential('https://r.communication.azure.com/messages'),
		outcome: { error: /Endpoint must be only the scheme and host/ },
	},
	{
		name: 'endpoint with a query',
		node: 'acs',
		parameters: media('x'),
		credential: acsKeyCredential('https://r.communication.azure.com/?a=1'),
		outcome: { error: /Endpoint must be only the scheme and host/ },
	},
	{
		name: 'access key not base64',
		node: 'acs',
		parameters: media('x'),
		credential: acsKeyCredential('https://r.communication.azure.com', 'not base64!'),
		outcome: { error: /Access Key is not valid base64/ },
	},
	{
		name: 'empty access key',
		node: 'acs',
		parameters: media('x'),
		credential: acsKeyCredential('https://r.communication.azure.com', ''),
		outcome: { error: /Access Key is empty/ },
	},
	{
		name: 'malformed connection string',
		node: 'acs',
		parameters: media('x'),
		credential: () => ({
			endpoint: `endpoint=https://r.communication.azure.com/;oops;accesskey=${key}`,
			accessKey: '',
		}),
		outcome: { error: /connection string is malformed/ },
	},
	{
		name: 'connection string without a key',
		node: 'acs',
		parameters: media('x'),
		credential: () => ({ endpoint: '', accessKey: 'endpoint=https://r.communication.azure.com/' }),
		outcome: { error: /needs both endpoint=… and accesskey=…/ },
	},
	{
		name: 'Entra endpoint over plain http',
		node: 'acs',
		auth: 'oAuth2',
		parameters: media('x'),
		credential: entraCredential('http://r.communication.azure.com'),
		outcome: { error: /travel unencrypted/ },
	},
	{
		name: 'user token endpoint with a path',
		node: 'acs',
		auth: 'userAccessToken',
		parameters: chatGet({}),
		credential: userTokenCredential((url) => `${url}/chat`, expiredJwt),
		outcome: { error: /Endpoint must be only the scheme and host/ },
	},
	{
		name: 'malformed user token',
		node: 'acs',
		auth: 'userAccessToken',
		parameters: chatGet({}),
		credential: userTokenCredential((url) => url, 'abc'),
		outcome: { error: /not an ACS user access token/ },
	},
	{
		name: 'expired user token',
		node: 'acs',
		auth: 'userAccessToken',
		parameters: chatGet({}),
		credential: userTokenCredential((url) => url, expiredJwt),
		outcome: { error: /The user access token expired at 2023-11-14T22:13:20.000Z/ },
	},
	{
		name: 'user token for media',
		node: 'acs',
		auth: 'userAccessToken',
		parameters: media('x'),
		outcome: { error: 'A user access token works only for chat operations' },
	},
	// SignalWire
	{
		name: 'space URL malformed',
		node: 'signalWire',
		parameters: swGet({}),
		credential: spaceCredential('exa mple'),
		outcome: { error: /Space URL "exa mple" is not a space name or host/ },
	},
	{
		name: 'space URL outside signalwire.com',
		node: 'signalWire',
		parameters: swGet({}),
		credential: spaceCredential('https://example.com'),
		outcome: { error: /not a SignalWire host/ },
	},
	{
		name: 'space URL look-alike',
		node: 'signalWire',
		parameters: swGet({}),
		credential: spaceCredential('example.signalwire.com.evil.net'),
		outcome: { error: /not a SignalWire host/ },
	},
	{
		name: 'space URL over plain http',
		node: 'signalWire',
		parameters: swGet({}),
		credential: spaceCredential('http://example.signalwire.com'),
		outcome: { error: /unencrypted/ },
	},
	{
		name: 'empty project id',
		node: 'signalWire',
		parameters: swGet({}),
		credential: (url) => spaceCredential(url, ' ')(),
		outcome: { error: /Project ID is empty/ },
	},
	{
		name: 'empty message sid',
		node: 'signalWire',
		parameters: swGet({ messageSid: fromInput }),
		value: '',
		outcome: { error: 'Message SID is empty' },
	},
	{
		name: 'media sid with / and ?',
		node: 'signalWire',
		parameters: swGet({ mediaSid: fromInput }),
		value: '../x?PageSize=1',
		outcome: { path: swPath('m1', '..%2Fx%3FPageSize%3D1') },
	},
	{
		name: 'media sid ".."',
		node: 'signalWire',
		parameters: swGet({ mediaSid: fromInput }),
		value: '..',
		outcome: { error: 'Media SID cannot be ".."' },
	},
	{
		name: 'media sid with CR/LF',
		node: 'signalWire',
		parameters: swGet({ mediaSid: fromInput }),
		value: 's\r\n',
		outcome: { error: 'Media SID contains a line break or another control character' },
	},
	{
		name: 'object message sid',
		node: 'signalWire',
		parameters: swGet({ messageSid: fromInput }),
		value: { sid: 1 },
		outcome: { error: 'Message SID must be text, but it is an object' },
	},
	{
		name: 'date filter not a date',
		node: 'signalWire',
		parameters: {
			resource: 'messageMedia',
			operation: 'getAll',
			messageSid: 'm1',
			filters: { dateCreated: 'soon' },
		},
		outcome: { error: 'Created On "soon" is not a date' },
	},
	{
		name: 'SignalWire output field already used',
		node: 'signalWire',
		parameters: { ...swGet({}), operation: 'download' },
		inputBinary: true,
		outcome: {
			error: 'Put Output File in Field "data" is already used by a file on the input item',
		},
	},
	// Sending: WhatsApp
	{
		name: 'WhatsApp: empty recipient',
		node: 'acs',
		parameters: whatsAppSend({ to: fromInput }),
		value: '',
		outcome: { error: 'To is empty' },
	},
	{
		name: 'WhatsApp: recipient not E.164',
		node: 'acs',
		parameters: whatsAppSend({ to: fromInput }),
		value: '+1 425 555 0101',
		outcome: { error: 'To "+1 425 555 0101" is not a phone number in E.164 form' },
	},
	{
		name: 'WhatsApp: two recipients',
		node: 'acs',
		parameters: whatsAppSend({ to: fromInput }),
		value: '+14255550101,+14255550102',
		outcome: { error: 'To "+14255550101,+14255550102" is not a phone number in E.164 form' },
	},
	{
		name: 'WhatsApp: empty text',
		node: 'acs',
		parameters: whatsAppSend({ content: fromInput }),
		value: '  ',
		outcome: { error: 'Content is empty' },
	},
	{
		name: 'WhatsApp: non-https media URL',
		node: 'acs',
		parameters: whatsAppSend({ messageType: 'image', mediaUrl: 'http://example.com/a.jpg' }),
		outcome: { error: 'Media URL "http://example.com/a.jpg" is not an https URL' },
	},
	{
		name: 'WhatsApp: n8n binary field instead of a media URL',
		node: 'acs',
		parameters: whatsAppSend({ messageType: 'document', mediaUrl: 'data' }),
		inputBinary: true,
		outcome: { error: 'Media URL must be a public URL, not an n8n file' },
	},
	{
		name: 'WhatsApp: binary data from an expression instead of a media URL',
		node: 'acs',
		parameters: whatsAppSend({ messageType: 'image', mediaUrl: fromInput }),
		value: { mimeType: 'image/jpeg', data: 'aGk=' },
		outcome: { error: 'Media URL must be a public URL, not an n8n file' },
	},
	{
		name: 'WhatsApp: empty template name',
		node: 'acs',
		parameters: { ...whatsAppTemplate({}), templateName: fromInput },
		value: '',
		outcome: { error: 'Template Name is empty' },
	},
	{
		name: 'WhatsApp: template value without a name',
		node: 'acs',
		parameters: whatsAppTemplate({ body: [{ name: '', text: 'Ana' }] }),
		outcome: { error: 'Template Parameters: Body Parameter 1 has no name' },
	},
	{
		name: 'WhatsApp: two template values with one name',
		node: 'acs',
		parameters: whatsAppTemplate({
			body: [{ name: 'x', text: 'Ana' }],
			quickReplyButton: [{ name: 'x', payload: 'p' }],
		}),
		outcome: { error: 'Template Parameters: Quick Reply Button 1 uses the name "x" again' },
	},
	{
		name: 'WhatsApp: two template headers',
		node: 'acs',
		parameters: whatsAppTemplate({
			headerText: [{ name: 'a', text: 'A' }],
			headerMedia: [{ name: 'b', kind: 'image', url: 'https://example.com/b.jpg' }],
		}),
		outcome: { error: 'Template Parameters: Header Media 1: a template has only one header' },
	},
	{
		name: 'WhatsApp: non-https template header media',
		node: 'acs',
		parameters: whatsAppTemplate({
			headerMedia: [{ name: 'b', kind: 'video', url: 'ftp://example.com/b.mp4' }],
		}),
		outcome: {
			error:
				'Template Parameters: Header Media 1 Media URL "ftp://example.com/b.mp4" is not an https URL',
		},
	},
	// Sending: chat
	{
		name: 'chat: content over 28 KB',
		node: 'acs',
		parameters: chatSend({ content: fromInput }),
		value: 'x'.repeat(28 * 1024 + 1),
		outcome: {
			error: /^Content is too long \(28673 bytes; a chat message holds at most 28672 bytes/,
		},
	},
	{
		name: 'chat: empty content',
		node: 'acs',
		parameters: chatSend({ content: fromInput }),
		value: ' ',
		outcome: { error: 'Content is empty' },
	},
	{
		name: 'chat: metadata entry without a key',
		node: 'acs',
		parameters: chatSend({ options: { metadata: { entry: [{ key: ' ', value: 'v' }] } } }),
		outcome: { error: 'Metadata entry 1 has no key' },
	},
	{
		name: 'chat: update with nothing to change',
		node: 'acs',
		parameters: { ...chatGet({}), operation: 'update' },
		outcome: { error: 'Nothing to update' },
	},
	// Sending: SignalWire
	{
		name: 'SMS: empty recipient',
		node: 'signalWire',
		parameters: smsSend({ to: fromInput }),
		value: '',
		outcome: { error: 'To is empty' },
	},
	{
		name: 'SMS: recipient without +',
		node: 'signalWire',
		parameters: smsSend({ to: fromInput }),
		value: '15557654321',
		outcome: { error: 'To "15557654321" is not a phone number in E.164 form' },
	},
	{
		name: 'SMS: From not E.164',
		node: 'signalWire',
		parameters: smsSend({ from: '(555) 123-4567' }),
		outcome: { error: 'From "(555) 123-4567" is not a phone number in E.164 form' },
	},
	{
		name: 'SMS: more than 8 media',
		node: 'signalWire',
		parameters: smsSend({
			mediaUrls: Array.from({ length: 9 }, (_, i) => `https://example.com/${i}.jpg`),
		}),
		outcome: { error: 'Media URLs has 9 entries; a message takes at most 8' },
	},
	{
		name: 'SMS: non-https media URL',
		node: 'signalWire',
		parameters: smsSend({ mediaUrls: ['https://example.com/a.jpg', 'http://example.com/b.jpg'] }),
		outcome: { error: 'Media URL 2 "http://example.com/b.jpg" is not an https URL' },
	},
	{
		name: 'SMS: binary field instead of a media URL',
		node: 'signalWire',
		parameters: smsSend({ mediaUrls: ['data'] }),
		inputBinary: true,
		outcome: { error: 'Media URL 1 must be a public URL, not an n8n file' },
	},
	{
		name: 'SMS: no body and no media',
		node: 'signalWire',
		parameters: smsSend({ body: '' }),
		outcome: { error: 'Body is empty and there are no Media URLs' },
	},
	{
		name: 'SMS: body over 1600 characters',
		node: 'signalWire',
		parameters: smsSend({ body: fromInput }),
		value: 'y'.repeat(1601),
		outcome: { error: 'Body is too long (1601 characters; at most 1600)' },
	},
	{
		name: 'SMS: validity period out of range',
		node: 'signalWire',
		parameters: smsSend({ options: { validityPeriod: fromInput } }),
		value: 200000,
		outcome: {
			error: 'Validity Period "200000" must be a whole number of seconds from 1 to 172800',
		},
	},
	{
		name: 'SMS: status callback not a URL',
		node: 'signalWire',
		parameters: smsSend({ options: { statusCallback: 'example.com/cb' } }),
		outcome: { error: 'Status Callback "example.com/cb" is not an http(s) URL' },
	},
	{
		name: 'SMS list: To filter not E.164',
		node: 'signalWire',
		parameters: { resource: 'message', operation: 'getAll', filters: { to: '555' } },
		outcome: { error: 'Filters: To "555" is not a phone number in E.164 form' },
	},
	{
		name: 'SMS get: message sid with / and ?',
		node: 'signalWire',
		parameters: { resource: 'message', operation: 'get', messageSid: fromInput },
		value: '../x?PageSize=1',
		outcome: {
			path: '/api/laml/2010-04-01/Accounts/3f6c7a2e-1b4d-4c8e-9f0a-5b6c7d8e9f10/Messages/..%2Fx%3FPageSize%3D1.json',
		},
	},
];

describe('bad input', () => {
	it('covers at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

	it.each(cases.map((testCase) => [testCase.name, testCase] as const))(
		'%s',
		async (_, testCase) => {
			const item = testCase.inputBinary
				? {
						json: { value: testCase.value ?? null },
						binary: { data: { data: Buffer.from('x'), fileName: 'x.txt', mimeType: 'text/plain' } },
					}
				: { value: testCase.value ?? null };
			const type =
				testCase.node === 'acs'
					? acsCredentialType(testCase.auth ?? 'accessKey')!
					: 'signalWireApi';
			const credential = testCase.credential && {
				type,
				ref: t.harness.addCredential(type, testCase.credential(t.emulator.url)),
			};
			const result =
				testCase.node === 'acs'
					? await t.runAcs(testCase.auth ?? 'accessKey', testCase.parameters, {
							items: [item as never],
							continueOnFail: true,
							credential,
						})
					: await t.runSignalWire(testCase.parameters, {
							items: [item as never],
							continueOnFail: true,
							credential,
						});
			expect(result.items).toHaveLength(1);
			const requests = t.emulator.requests();
			if ('error' in testCase.outcome) {
				expect(result.items[0].json.error).toEqual(
					typeof testCase.outcome.error === 'string'
						? testCase.outcome.error
						: expect.stringMatching(testCase.outcome.error),
				);
				expect(requests).toEqual([]);
			} else {
				expect(requests.length).toBeGreaterThan(0);
				expect(requests[0].path).toBe(testCase.outcome.path);
			}
		},
	);
});
