/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev-only benchmark code: runs on Node and never ships in dist */
/**
 * Microseconds per signature: the package's signer (`signAcsRequest`, and the credential's whole
 * `authenticate`, which also checks the origin and serialises the body) against
 * `@azure/communication-common`'s access-key policy on the same requests.
 */
import { createCommunicationAccessKeyCredentialPolicy } from '@azure/communication-common';
import {
	createHttpHeaders,
	createPipelineRequest,
	type PipelineRequest,
	type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { performance } from 'node:perf_hooks';

import { authenticateWithAccessKey } from '../../shared/acs/authenticate';
import { signAcsRequest } from '../../shared/acs/signer';
import { caseInput, report } from '../lib/processes';

export interface SigningInput {
	iterations: number;
	rounds: number;
}

export type SigningRequest = 'get' | 'post';
export type Signer = 'package' | 'packageAuthenticate' | 'sdk';
export type SigningOutput = Record<SigningRequest, Record<Signer, number[]>>;

const input = caseInput<SigningInput>();
const endpoint = 'https://contoso.communication.azure.com';
const accessKey = Buffer.alloc(64, 7).toString('base64');
const requests: Record<SigningRequest, { method: 'GET' | 'POST'; url: string; body?: string }> = {
	get: {
		method: 'GET',
		url: `${endpoint}/messages/streams/d19e68ec-bdd6-4a50-8dfb-cbb1642df6ab?api-version=2024-02-01`,
	},
	post: {
		method: 'POST',
		url: `${endpoint}/identities/8%3Aacs%3Aabc_0001/:issueAccessToken?api-version=2023-10-01`,
		body: JSON.stringify({ scopes: ['chat'], expiresInMinutes: 60 }),
	},
};

const policy = createCommunicationAccessKeyCredentialPolicy({ key: accessKey });
const sdkNext = async (request: PipelineRequest): Promise<PipelineResponse> => ({
	request,
	status: 200,
	headers: createHttpHeaders(),
});

const signers: Record<Signer, (r: (typeof requests)[SigningRequest]) => Promise<unknown>> = {
	package: async (r) =>
		signAcsRequest({ method: r.method, url: r.url, body: r.body }, accessKey, new Date()),
	packageAuthenticate: async (r) =>
		await authenticateWithAccessKey(
			{ endpoint, accessKey },
			{ method: r.method, url: r.url, body: r.body ? (JSON.parse(r.body) as object) : undefined },
		),
	// The SDK signs a fresh PipelineRequest (what a client builds per call); building it is counted too.
	sdk: async (r) =>
		await policy.sendRequest(
			createPipelineRequest({
				url: r.url,
				method: r.method,
				body: r.body,
				headers: createHttpHeaders(),
			}),
			sdkNext,
		),
};

async function microseconds(fn: () => Promise<unknown>, n: number): Promise<number> {
	const started = performance.now();
	for (let i = 0; i < n; i++) await fn();
	return ((performance.now() - started) * 1000) / n;
}

async function main(): Promise<void> {
	const out = {} as SigningOutput;
	for (const kind of ['get', 'post'] as const) {
		out[kind] = { package: [], packageAuthenticate: [], sdk: [] };
		for (const signer of Object.keys(signers) as Signer[])
			await microseconds(async () => await signers[signer](requests[kind]), input.iterations / 4);
		for (let round = 0; round < input.rounds; round++) {
			for (const signer of Object.keys(signers) as Signer[]) {
				out[kind][signer].push(
					await microseconds(async () => await signers[signer](requests[kind]), input.iterations),
				);
			}
		}
	}
	report(out);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
