/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { join } from 'path';

import { recordingDocumentId, recordingLocationProblem } from '../../shared/acs/recordingStorage';

/** The SDK's own allow-list (not exported by the package), the oracle for non-loopback endpoints. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateRecordingUrl } = require(
	join(
		require.resolve('@azure/communication-call-automation'),
		'..',
		'utli',
		'recordingUrlValidator.js',
	),
) as { validateRecordingUrl: (url: string, name: string) => void };

const sdkAccepts = (url: string) => {
	try {
		validateRecordingUrl(url, 'url');
		return true;
	} catch {
		return false;
	}
};

const PATH = '/v1/objects/0-eus-d2-abc/content/audio';
const HOSTS = [
	'us-storage.asm.skype.com',
	'storage.asm.skype.com',
	'US-STORAGE.ASM.SKYPE.COM',
	'a.b.asm.skype.com',
	'asm.skype.com',
	'.asm.skype.com',
	'xasm.skype.com',
	'us-storage.asm.skype.com.evil.com',
	'evil.com',
	'x.asyncgw.teams.microsoft.com',
	'asyncgw.teams.microsoft.com',
	'x.asyncgw.teams.microsoft.com.evil.com',
	'x.ams.gov.teams.microsoft.us',
	'ams.gov.teams.microsoft.us',
	'x.ams.gov.teams.microsoft.com',
	'skype.com',
	'127.0.0.1',
	'localhost',
	'[::1]',
	'my-resource.communication.azure.com',
	'xn--skype-6ve.asm.skype.com',
	'us-storage.asm.skype.com.',
];
const URLS = [
	...HOSTS.flatMap((host) => [
		`https://${host}${PATH}`,
		`http://${host}${PATH}`,
		`https://${host}:8443${PATH}`,
		`https://user:pass@${host}${PATH}`,
		`HTTPS://${host}${PATH}?x=1#y`,
		`wss://${host}${PATH}`,
		`ftp://${host}${PATH}`,
	]),
	'',
	'not a url',
	'/v1/objects/x/content/audio',
	'us-storage.asm.skype.com/v1/objects/x/content/audio',
	'https://evil.com/?.asm.skype.com',
	'https://evil.com#.asm.skype.com',
	'https://evil.com\\.asm.skype.com/',
	'https://evil.com%2F.asm.skype.com/',
	'https://us-storage.asm.skype.com@evil.com/',
	'https://evil.com@us-storage.asm.skype.com/',
	'javascript:alert(1)//.asm.skype.com',
];

describe('recordingLocationProblem: the SDK allow-list', () => {
	const endpoint = new URL('https://my-resource.communication.azure.com');
	it.each(URLS)('agrees with the SDK for %p', (url) => {
		expect(recordingLocationProblem(url, endpoint) === undefined).toBe(sdkAccepts(url));
	});

	it('the oracle is not trivial', () => {
		const accepted = URLS.filter(sdkAccepts);
		expect(accepted.length).toBeGreaterThan(10);
		expect(accepted.length).toBeLessThan(URLS.length - 50);
	});
});

describe('recordingLocationProblem: loopback only for a loopback endpoint (the emulator)', () => {
	const loopbackUrls = [
		`http://127.0.0.1:4000${PATH}`,
		`https://127.0.0.1:4000${PATH}`,
		`http://localhost${PATH}`,
		`http://127.1.2.3${PATH}`,
		`http://[::1]:9${PATH}`,
	];
	it.each(loopbackUrls)(
		'%s: accepted for http://127.0.0.1 endpoints, refused for others',
		(url) => {
			expect(recordingLocationProblem(url, new URL('http://127.0.0.1:3000'))).toBeUndefined();
			expect(recordingLocationProblem(url, new URL('http://localhost:3000'))).toBeUndefined();
			expect(
				recordingLocationProblem(url, new URL('https://my-resource.communication.azure.com')),
			).toMatch(/is not a recording location of ACS/);
		},
	);

	it.each([`ftp://127.0.0.1${PATH}`, `http://10.0.0.1${PATH}`, `http://evil.com${PATH}`])(
		'%s: refused even for a loopback endpoint',
		(url) => {
			expect(recordingLocationProblem(url, new URL('http://127.0.0.1:3000'))).toMatch(
				/is not a recording location of ACS/,
			);
		},
	);
});

describe('recordingDocumentId', () => {
	it.each([
		[`https://x.asm.skype.com${PATH}`, '0-eus-d2-abc'],
		['https://x.asm.skype.com/v1/objects/a%20b/content/video', 'a b'],
		['https://x.asm.skype.com/v1/objects/a%2/content/video', undefined],
		['https://x.asm.skype.com/other', undefined],
	])('%s → %p', (url, id) => {
		expect(recordingDocumentId(new URL(url))).toBe(id);
	});
});
