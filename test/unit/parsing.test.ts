import { parseAccessKeyCredential } from '../../shared/acs/accessKey';
import { assertUserTokenUsable, userTokenExpiry } from '../../shared/acs/userToken';
import { chooseFileName, fileNameFromContentDisposition } from '../../shared/binary';
import { foreignOriginProblem, parseServiceOrigin } from '../../shared/endpoint';
import { parseSpaceUrl } from '../../shared/signalwire/space';

const key = Buffer.alloc(64, 7).toString('base64');

describe('endpoint policy', () => {
	it.each([
		['https://r.communication.azure.com', 'https://r.communication.azure.com'],
		['https://r.communication.azure.com/', 'https://r.communication.azure.com'],
		['  https://r.communication.azure.com:8443/ ', 'https://r.communication.azure.com:8443'],
		['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
		['http://localhost:4010/', 'http://localhost:4010'],
	])('accepts %s', (raw, origin) =>
		expect(parseServiceOrigin(raw, 'Endpoint').origin).toBe(origin),
	);

	it.each([
		['', /is empty/],
		['r.communication.azure.com', /not a URL/],
		['http://r.communication.azure.com', /unencrypted/],
		['https://r.communication.azure.com/path', /no path or query/],
		['https://r.communication.azure.com/?x=1', /no path or query/],
		['https://user:pw@r.communication.azure.com', /user name or password/],
		['ftp://r.example', /must start with https/],
	])('refuses %p', (raw, message) =>
		expect(() => parseServiceOrigin(raw, 'Endpoint')).toThrow(message),
	);

	it('tells a foreign origin from the credential origin, port included', () => {
		const origin = new URL('http://127.0.0.1:4010');
		expect(foreignOriginProblem('http://127.0.0.1:4010/chat?x', origin, 'Link')).toBeUndefined();
		expect(foreignOriginProblem('http://127.0.0.1:4012/chat', origin, 'Link')).toMatch(/4012/);
		expect(foreignOriginProblem('/relative', origin, 'Link')).toMatch(/not an absolute URL/);
	});
});

describe('access key credential', () => {
	it('takes the two fields', () => {
		const parsed = parseAccessKeyCredential({
			endpoint: 'https://r.communication.azure.com/',
			accessKey: key,
		});
		expect(parsed).toEqual({
			endpoint: new URL('https://r.communication.azure.com'),
			accessKey: key,
		});
	});

	it.each(['endpoint', 'accessKey'])('takes a connection string pasted into %s', (field) => {
		const connectionString = `endpoint=https://r.communication.azure.com/;accesskey=${key}`;
		const parsed = parseAccessKeyCredential({ [field]: connectionString });
		expect(parsed.endpoint.origin).toBe('https://r.communication.azure.com');
		expect(parsed.accessKey).toBe(key);
		expect(
			parseAccessKeyCredential({ [field]: `AccessKey=${key};Endpoint=http://127.0.0.1:9/` })
				.endpoint.origin,
		).toBe('http://127.0.0.1:9');
	});

	it.each([
		[{ endpoint: 'https://r.communication.azure.com', accessKey: '' }, /Access Key is empty/],
		[
			{ endpoint: 'https://r.communication.azure.com', accessKey: 'not base64!' },
			/not valid base64/,
		],
		[{ endpoint: 'endpoint=https://r.communication.azure.com' }, /needs both endpoint/],
		[
			{ endpoint: `endpoint=https://r.communication.azure.com;garbage;accesskey=${key}` },
			/malformed/,
		],
	])('refuses %p', (fields, message) =>
		expect(() => parseAccessKeyCredential(fields)).toThrow(message),
	);
});

describe('user access token', () => {
	const jwt = (payload: object) =>
		`e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

	it('reads the expiry and says when an expired token expired', () => {
		const exp = Date.parse('2026-01-01T10:00:00Z') / 1000;
		expect(userTokenExpiry(jwt({ exp })).toISOString()).toBe('2026-01-01T10:00:00.000Z');
		expect(() => assertUserTokenUsable(jwt({ exp }), new Date('2026-01-01T11:00:00Z'))).toThrow(
			'The user access token expired at 2026-01-01T10:00:00.000Z',
		);
		expect(() =>
			assertUserTokenUsable(jwt({ exp }), new Date('2026-01-01T09:00:00Z')),
		).not.toThrow();
	});

	it.each([
		['abc', /three dot-separated/],
		['a.b.c', /not readable JSON/],
		[jwt({ sub: 'x' }), /no expiry/],
	])('refuses %p', (token, message) => expect(() => userTokenExpiry(token)).toThrow(message));
});

describe('SignalWire space URL', () => {
	it.each([
		['example', 'https://example.signalwire.com'],
		['example.signalwire.com', 'https://example.signalwire.com'],
		['https://example.signalwire.com/', 'https://example.signalwire.com'],
		['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
		['localhost:4010', 'https://localhost:4010'],
	])('accepts %s', (raw, origin) => expect(parseSpaceUrl(raw).origin).toBe(origin));

	it.each([
		['', /empty/],
		['https://example.com', /not a SignalWire host/],
		['evil.signalwire.com.example.net', /not a SignalWire host/],
		['http://example.signalwire.com', /unencrypted/],
		['exa mple', /not a space name/],
		['https://example.signalwire.com/api/laml', /no path/],
	])('refuses %p', (raw, message) => expect(() => parseSpaceUrl(raw)).toThrow(message));
});

describe('file names', () => {
	it.each([
		['attachment; filename="photo 1.jpg"', 'photo 1.jpg'],
		['attachment; filename*=UTF-8\'\'%E2%82%AC%20rates.pdf; filename="rates.pdf"', '€ rates.pdf'],
		['inline; filename=report.pdf', 'report.pdf'],
		['attachment', undefined],
		[undefined, undefined],
	])('reads %p', (header, name) => expect(fileNameFromContentDisposition(header)).toBe(name));

	it('falls back to the id with an extension from the MIME type, made safe', () => {
		expect(chooseFileName('d19e68ec', 'image/jpeg', undefined)).toBe('d19e68ec.jpg');
		expect(chooseFileName('abc', 'application/x-unknown', undefined)).toBe('abc');
		expect(chooseFileName('a/../b', 'audio/ogg', undefined)).not.toContain('/');
		expect(
			chooseFileName('x', 'image/png', 'attachment; filename="../../etc/passwd"'),
		).not.toContain('/');
	});
});
