import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES } from './http/retry';
import { readParameter } from './parametersPerRun';

/** Options every operation shares: how hard to retry, how long one attempt may take, how many at once. */
export const DEFAULT_TIMEOUT_MS = 300_000;
/**
 * Items in flight at once. Measured (BENCHMARKS.md): with 20 ms of latency, 32 gives 2.3x the items/s of
 * 8 and was never slower; more only floods the service. Users with tight throttling limits can lower it.
 */
export const DEFAULT_MAX_CONCURRENCY = 32;

export const reliabilityOptions: INodeProperties[] = [
	{
		displayName: 'Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: DEFAULT_MAX_RETRIES,
		description:
			'How many times to retry one item after throttling (429/503, waiting as long as the service asks), a server error or a dropped connection. 0 turns retries off. Requests that create or change something are only retried when the service says it did not process them.',
	},
	{
		displayName: 'Max Concurrent Requests',
		name: 'maxConcurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: DEFAULT_MAX_CONCURRENCY,
		description:
			'How many items are sent at the same time. Lower it if the service throttles you (429); raise it for high-latency links.',
	},
	{
		displayName: 'Timeout (Ms)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1000 },
		default: DEFAULT_TIMEOUT_MS,
		description:
			'How long one attempt may take before it is abandoned (and retried, when that is safe)',
	},
];

interface ReliabilitySettings {
	maxRetries: number;
	timeoutMs: number;
}

export function readReliability(ctx: IExecuteFunctions, itemIndex: number): ReliabilitySettings {
	const options = readParameter(ctx, 'options', itemIndex, {}) as {
		maxRetries?: number;
		timeout?: number;
	};
	return {
		maxRetries: Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_MAX_RETRIES)),
		timeoutMs: Math.max(1000, options.timeout ?? DEFAULT_TIMEOUT_MS),
	};
}

/** Read once per execution: concurrency applies to the node run, not to one item. */
export function readMaxConcurrency(ctx: IExecuteFunctions): number {
	const value = ctx.getNodeParameter(
		'options.maxConcurrency',
		0,
		DEFAULT_MAX_CONCURRENCY,
	) as number;
	return Math.min(100, Math.max(1, Math.floor(Number(value) || DEFAULT_MAX_CONCURRENCY)));
}
