import { createCommunicationAccessKeyCredentialPolicy } from '@azure/communication-common';
import {
	createHttpHeaders,
	createPipelineRequest,
	type PipelineRequest,
} from '@azure/core-rest-pipeline';
import { createHash, createHmac, randomBytes } from 'crypto';

import { contentHash, signAcsRequest } from '../../shared/acs/signer';

/** What the official SDK's access-key policy puts on a request. */
async function signWithSdk(key: string, method: string, url: string, body?: string) {
	const policy = createCommunicationAccessKeyCredentialPolicy({ key });
	const request = createPipelineRequest({
		url,
		method: method as PipelineRequest['method'],
		body,
		headers: createHttpHeaders(),
	});
	let sent: PipelineRequest | undefined;
	await policy.sendRequest(request, async (signed) => {
		sent = signed;
		return { request: signed, status: 200, headers: createHttpHeaders() };
	});
	const headers = sent!.headers;
	return {
		date: headers.get('x-ms-date')!,
		hash: headers.get('x-ms-content-sha256')!,
		authorization: headers.get('authorization')!,
	};
}

describe('ACS HMAC signer', () => {
	const vectorDate = new Date('2022-04-13T18:09:12.451Z');

	it.each([
		['https://example.com/testPath?testQuery=test', 'DGdgwggJWnQyc6EHjR/Vbqg1ES64KpD6U2XwTDDj3tU='],
		['https://example.com/testPath', '+6tWkg3lNKVjQHHmxkdGQcJjUgzclsWTMebnuCz1ngU='],
	])('matches the published vector for %s', (url, signature) => {
		const signed = signAcsRequest({ method: 'GET', url }, 'pw==', vectorDate);
		expect(signed.headers.authorization).toBe(
			`HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
		);
		expect(signed.headers['x-ms-date']).toBe('Wed, 13 Apr 2022 18:09:12 GMT');
	});

	it('hashes the exact body bytes', () => {
		expect(contentHash(undefined)).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
		expect(contentHash('{}')).toBe('RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=');
		const bytes = Buffer.from('{"x":"é"}', 'utf8');
		expect(contentHash(bytes)).toBe(createHash('sha256').update(bytes).digest('base64'));
		expect(contentHash('{"x":"é"}')).toBe(contentHash(bytes));
	});

	it('signs the host with its port and the path as sent', () => {
		const key = randomBytes(32).toString('base64');
		const date = new Date();
		const signed = signAcsRequest(
			{ method: 'post', url: 'http://127.0.0.1:4010/a%3Ab/c?x=1', body: '{}' },
			key,
			date,
		);
		const stringToSign = `POST\n/a%3Ab/c?x=1\n${date.toUTCString()};127.0.0.1:4010;${contentHash('{}')}`;
		const expected = createHmac('sha256', Buffer.from(key, 'base64'))
			.update(stringToSign)
			.digest('base64');
		expect(signed.headers.authorization).toContain(`Signature=${expected}`);
		expect(signed.url).toBe('http://127.0.0.1:4010/a%3Ab/c?x=1');
	});

	it('returns the URL with the query serialised as it was signed', () => {
		const signed = signAcsRequest(
			{ method: 'GET', url: 'https://h.example/p?a=b c&d=~' },
			'pw==',
			vectorDate,
		);
		expect(signed.url).toBe('https://h.example/p?a=b+c&d=%7E');
	});

	describe('agrees with @azure/communication-common on generated requests', () => {
		const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
		const hosts = [
			'https://my-resource.communication.azure.com',
			'http://127.0.0.1:4010',
			'https://h.example:8443',
			'http://[::1]:9000',
		];
		const paths = [
			'/messages/streams/d19e68ec-bdd6-4a50-8dfb-cbb1642df6ab',
			'/chat/threads/19%3Aabc%40thread.v2/messages/1591768249318',
			'/calling/callConnections/421f3500%2Fx:startMediaStreaming',
			'/identities/8%3Aacs%3Ar_1/:issueAccessToken',
			'/caf%C3%A9/%E2%82%AC',
		];
		const queries = [
			'',
			'?api-version=2024-02-01',
			'?maxPageSize=5&startTime=2024-01-01T00%3A00%3A00.000Z&api-version=2025-03-15',
			"?q=a b&q=c+d&e=&f=~*'()!",
			'?emoji=%F0%9F%98%80&x=%2F..%2F',
			'?nextLink=https%3A%2F%2Fexample.com%2F%3Fa%3D1',
		];
		const bodies = [
			undefined,
			'',
			'{}',
			'{"operationContext":"ctx ✓ 日本語","operationCallbackUri":"https://x.example/cb"}',
			'{"scopes":["chat"],"expiresInMinutes":60}',
			'😀'.repeat(500),
		];

		const cases: Array<[string, string, string | undefined]> = [];
		let seed = 7;
		const pick = <T>(list: T[]) => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return list[Math.floor(seed / 65536) % list.length];
		};
		for (let i = 0; i < 200; i++)
			cases.push([pick(methods), `${pick(hosts)}${pick(paths)}${pick(queries)}`, pick(bodies)]);

		it.each(cases)('%s %s', async (method, url, body) => {
			const key = randomBytes(64).toString('base64');
			const sdk = await signWithSdk(key, method, url, body);
			const ours = signAcsRequest({ method, url, body }, key, new Date(sdk.date));
			expect(ours.headers['x-ms-date']).toBe(sdk.date);
			expect(ours.headers['x-ms-content-sha256']).toBe(sdk.hash);
			expect(ours.headers.authorization).toBe(sdk.authorization);
		});
	});
});
