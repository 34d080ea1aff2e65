import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES } from './http/retry';

/** Options every operation shares: how hard to retry, and how long one attempt may take. */
export const DEFAULT_TIMEOUT_MS = 300_000;

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
		displayName: 'Timeout (Ms)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1000 },
		default: DEFAULT_TIMEOUT_MS,
		description: 'How long one attempt may take before it is abandoned (and retried, when that is safe)',
	},
];

export interface ReliabilitySettings {
	maxRetries: number;
	timeoutMs: number;
}

export function readReliability(ctx: IExecuteFunctions, itemIndex: number): ReliabilitySettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as { maxRetries?: number; timeout?: number };
	return {
		maxRetries: Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_MAX_RETRIES)),
		timeoutMs: Math.max(1000, options.timeout ?? DEFAULT_TIMEOUT_MS),
	};
}
