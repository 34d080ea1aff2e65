import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import { RestClient } from '@signalwire/compatibility-api';

import {
	bearerToken,
	readSigningKeys,
	verifyCallAutomationToken,
	type TokenExpectation,
} from '../../shared/webhooks/callAutomationToken';
import { secretMatches } from '../../shared/webhooks/secret';
import {
	signalWireSignature,
	signalWireSignatureValid,
	urlVariants,
} from '../../shared/webhooks/signalWireSignature';

describe('secretMatches', () => {
	it.each([
		['the same secret', 's3cret-value', 's3cret-value', true],
		['another secret of the same length', 's3cret-valuX', 's3cret-value', false],
		['a prefix', 's3cret', 's3cret-value', false],
		['a longer value', 's3cret-value-and-more', 's3cret-value', false],
		['an empty value', '', 's3cret-value', false],
		['no configured secret', '', '', false],
		['a list (repeated query parameter)', ['s3cret-value'], 's3cret-value', false],
		['nothing', undefined, 's3cret-value', false],
	])('%s → %s', (_, given, expected, result) => {
		expect(secretMatches(given, expected)).toBe(result);
	});
});

describe('SignalWire form signature', () => {
	// The SDK's own test vector (twilio-node/@signalwire/compatibility-api webhooks tests).
	const key = '12345';
	const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
	const params = {
		CallSid: 'CA1234567890ABCDE',
		Caller: '+14158675309',
		Digits: '1234',
		From: '+14158675309',
		To: '+18005551212',
	};

	it('computes the published vectors, with and without :443', () => {
		expect(signalWireSignature(key, url, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
		expect(
			signalWireSignature(key, 'https://mycompany.com:443/myapp.php?foo=1&bar=2', params),
		).toBe('kvajT1Ptam85bY51eRf/AJRuM3w=');
	});

	it('accepts both vectors for the URL without a port, and for the URL with :443', () => {
		for (const signature of ['RSOYDt4T1cUTdK1PDd93/VVr8B8=', 'kvajT1Ptam85bY51eRf/AJRuM3w=']) {
			expect(signalWireSignatureValid(key, url, params, signature)).toBe(true);
			expect(
				signalWireSignatureValid(
					key,
					'https://mycompany.com:443/myapp.php?foo=1&bar=2',
					params,
					signature,
				),
			).toBe(true);
		}
	});

	it('lists the URL with and without the default port', () => {
		expect(urlVariants('http://example.com/a?b=1')).toEqual([
			'http://example.com/a?b=1',
			'http://example.com:80/a?b=1',
		]);
		expect(urlVariants('http://127.0.0.1:5678/webhook/x')).toEqual([
			'http://127.0.0.1:5678/webhook/x',
		]);
	});

	it.each([
		['a tampered parameter', { ...params, Digits: '1235' }, url, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
		['an added parameter', { ...params, Body: 'x' }, url, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
		[
			'another URL',
			params,
			'https://mycompany.com/other.php?foo=1&bar=2',
			'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
		],
		[
			'another query',
			params,
			'https://mycompany.com/myapp.php?foo=1',
			'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
		],
		['a truncated signature', params, url, 'RSOYDt4T1cUTdK1PDd93/VVr8B8'],
		['no signature', params, url, undefined],
		['an empty signature', params, url, ''],
	])('refuses %s', (_, signedParams, signedUrl, signature) => {
		expect(signalWireSignatureValid(key, signedUrl, signedParams, signature)).toBe(false);
	});

	it('refuses a signature made with another key', () => {
		const other = signalWireSignature('54321', url, params);
		expect(signalWireSignatureValid(key, url, params, other)).toBe(false);
		expect(signalWireSignatureValid('', url, params, signalWireSignature('', url, params))).toBe(
			false,
		);
	});

	it('agrees with the SDK validateRequest, also for repeated keys and media parameters', () => {
		const cases: Array<[string, Record<string, string | string[]>]> = [
			[url, params],
			[
				'https://n8n.example.com/webhook/3f1c/webhook',
				{
					MessageSid: 'SM1',
					NumMedia: '2',
					MediaUrl0:
						'https://space.signalwire.com/api/laml/2010-04-01/Accounts/a/Messages/SM1/Media/ME0',
					MediaUrl1:
						'https://space.signalwire.com/api/laml/2010-04-01/Accounts/a/Messages/SM1/Media/ME1',
					Body: 'héllo & bye',
				},
			],
			['https://n8n.example.com:8443/webhook/x?secret=a%20b', { Tag: ['b', 'a'], Body: '' }],
		];
		for (const [signedUrl, signedParams] of cases) {
			const signature = signalWireSignature('PSK_test', signedUrl, signedParams);
			expect(RestClient.validateRequest('PSK_test', signature, signedUrl, signedParams)).toBe(true);
			expect(signalWireSignatureValid('PSK_test', signedUrl, signedParams, signature)).toBe(true);
			const tampered = { ...signedParams, Extra: '1' };
			expect(RestClient.validateRequest('PSK_test', signature, signedUrl, tampered)).toBe(false);
			expect(signalWireSignatureValid('PSK_test', signedUrl, tampered, signature)).toBe(false);
		}
	});
});

describe('Call Automation token', () => {
	const audience = '6d2b6c4e-1f7a-4f3e-9d5c-2a1b0c9d8e7f';
	const issuer = 'https://acscallautomation.communication.azure.com';
	const now = 1_780_000_000;
	const expected: TokenExpectation = { audience, issuer, nowSeconds: now, skewSeconds: 300 };
	const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const kid = 'key-1';
	const jwk = publicKey.export({ format: 'jwk' });
	const keys = readSigningKeys({
		keys: [
			{ kty: 'RSA', kid, use: 'sig', n: jwk.n, e: jwk.e },
			{ kty: 'EC', kid: 'ec-key', crv: 'P-256', x: 'x', y: 'y' },
		],
	});

	const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	function token(
		claims: Record<string, unknown> = {},
		header: Record<string, unknown> = {},
		key: KeyObject = privateKey,
	): string {
		const head = b64({ alg: 'RS256', typ: 'JWT', kid, ...header });
		const body = b64({ aud: audience, iss: issuer, iat: now, nbf: now, exp: now + 300, ...claims });
		const signature = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key).toString('base64url');
		return `${head}.${body}.${signature}`;
	}

	it('reads only RSA signing keys from a JWKS document', () => {
		expect([...keys.keys()]).toEqual([kid]);
		expect(readSigningKeys({ nope: true }).size).toBe(0);
	});

	it('accepts a valid token, also within the clock skew', () => {
		expect(verifyCallAutomationToken(token(), keys, expected)).toMatchObject({ ok: true });
		expect(verifyCallAutomationToken(token({ exp: now - 200 }), keys, expected)).toMatchObject({
			ok: true,
		});
		expect(
			verifyCallAutomationToken(token({ aud: [audience, 'other'] }), keys, expected),
		).toMatchObject({
			ok: true,
		});
		expect(verifyCallAutomationToken(token({ iss: `${issuer}/` }), keys, expected)).toMatchObject({
			ok: true,
		});
	});

	const unsignedHead = b64({ alg: 'none', typ: 'JWT', kid });
	const validBody = b64({ aud: audience, iss: issuer, exp: now + 300 });
	it.each([
		['an expired token', () => token({ exp: now - 301 }), 'the token has expired'],
		['a token not valid yet', () => token({ nbf: now + 301 }), 'the token is not valid yet'],
		['a token without expiry', () => token({ exp: undefined }), 'the token has no expiry'],
		[
			'a foreign audience',
			() => token({ aud: 'another-resource' }),
			'the token is for another resource (audience)',
		],
		[
			'a wrong issuer',
			() => token({ iss: 'https://evil.example.com' }),
			'the token comes from another issuer',
		],
		[
			'an unsigned token (alg none)',
			() => `${unsignedHead}.${validBody}.`,
			'the token is not a signed JWT',
		],
		[
			'alg none with a signature part',
			() => `${unsignedHead}.${validBody}.AAAA`,
			'the token is not signed with RS256',
		],
		['HS256', () => token({}, { alg: 'HS256' }), 'the token is not signed with RS256'],
		['no kid', () => token({}, { kid: undefined }), 'the token names no signing key'],
		[
			'a signature by another key',
			() => token({}, {}, foreign.privateKey),
			'the token signature is invalid',
		],
		[
			'tampered claims',
			() => {
				const [head, , signature] = token().split('.');
				return `${head}.${b64({ aud: audience, iss: issuer, exp: now + 9_999 })}.${signature}`;
			},
			'the token signature is invalid',
		],
		['garbage', () => 'not-a-token', 'the token is not a signed JWT'],
	])('refuses %s', (_, make, reason) => {
		expect(verifyCallAutomationToken(make(), keys, expected)).toEqual({ ok: false, reason });
	});

	it('reports an unknown kid so the caller can refetch the keys', () => {
		expect(verifyCallAutomationToken(token({}, { kid: 'rotated' }), keys, expected)).toEqual({
			ok: false,
			reason: 'the token is signed with an unknown key',
			unknownKeyId: 'rotated',
		});
	});

	it('reads the bearer token of an Authorization header', () => {
		expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
		expect(bearerToken('bearer abc')).toBe('abc');
		expect(bearerToken('Basic abc')).toBeUndefined();
		expect(bearerToken(undefined)).toBeUndefined();
	});
});
