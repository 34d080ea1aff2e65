import { seededRandom } from './prng';

/** '401' answers as if the credential or token were revoked, to exercise token renewal. */
export type FaultKind =
	| '401'
	| '429'
	| '503'
	| '500'
	| '408'
	| 'drop'
	| 'slow'
	| 'truncate'
	| 'hang';
export const FAULT_KINDS: readonly FaultKind[] = [
	'401',
	'429',
	'503',
	'500',
	'408',
	'drop',
	'slow',
	'truncate',
	'hang',
];

export interface FaultOptions {
	/** Endpoint key (exact) or pattern; all endpoints when omitted. */
	endpoint?: string | RegExp;
	kind: FaultKind;
	/** How many of the next matching requests get this fault (default 1). */
	count?: number;
	/** 429/503: `retry-after-ms` and `x-ms-retry-after-ms` headers. */
	retryAfterMs?: number;
	/** 429/503: `Retry-After` in seconds. */
	retryAfterSeconds?: number;
	/** 429/503: `Retry-After` as an HTTP date (now + retryAfterSeconds, default 1 s). */
	retryAfterDate?: boolean;
	/** 'slow': delay before the normal response (default 2000 ms). */
	delayMs?: number;
}

export interface RandomFaultOptions {
	rate: number;
	kinds: FaultKind[];
	seed: number;
	endpoint?: string | RegExp;
	retryAfterMs?: number;
	retryAfterSeconds?: number;
	retryAfterDate?: boolean;
	delayMs?: number;
}

export type Fault = Omit<FaultOptions, 'count' | 'endpoint'>;

export interface FaultController {
	inject(options: FaultOptions): void;
	random(options: RandomFaultOptions): void;
	clear(): void;
	stats(): Record<FaultKind, number>;
}

function matches(filter: string | RegExp | undefined, endpoint: string): boolean {
	if (filter === undefined) return true;
	if (typeof filter === 'string') return filter === endpoint;
	filter.lastIndex = 0; // a /g pattern would otherwise alternate between matching and not
	return filter.test(endpoint);
}

/** Queued faults first (in injection order), then the random generator, if any. */
export class Faults implements FaultController {
	private queue: Array<{ filter?: string | RegExp; remaining: number; fault: Fault }> = [];
	private randomSource?: { options: RandomFaultOptions; next: () => number };
	private injected = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<
		FaultKind,
		number
	>;

	inject(options: FaultOptions): void {
		const { endpoint, count = 1, ...fault } = options;
		if (!FAULT_KINDS.includes(fault.kind))
			throw new Error(`Unknown fault kind ${String(fault.kind)}`);
		this.queue.push({ filter: endpoint, remaining: count, fault });
	}

	random(options: RandomFaultOptions): void {
		if (options.kinds.length === 0 || options.rate < 0 || options.rate > 1)
			throw new Error('random faults need kinds and a rate in [0, 1]');
		this.randomSource = { options, next: seededRandom(options.seed) };
	}

	clear(): void {
		this.queue = [];
		this.randomSource = undefined;
	}

	stats(): Record<FaultKind, number> {
		return { ...this.injected };
	}

	/** The fault for this request, if any; consumes one use of a queued fault. */
	take(endpoint: string): Fault | undefined {
		const queued = this.queue.find((q) => matches(q.filter, endpoint));
		let fault: Fault | undefined;
		if (queued) {
			queued.remaining -= 1;
			if (queued.remaining <= 0) this.queue.splice(this.queue.indexOf(queued), 1);
			fault = queued.fault;
		} else if (this.randomSource && matches(this.randomSource.options.endpoint, endpoint)) {
			const { options, next } = this.randomSource;
			// Draw twice per request either way so the sequence depends only on the request count.
			const hit = next() < options.rate;
			const pick = options.kinds[Math.floor(next() * options.kinds.length)]!;
			if (hit) {
				fault = {
					kind: pick,
					retryAfterMs: options.retryAfterMs,
					retryAfterSeconds: options.retryAfterSeconds,
					retryAfterDate: options.retryAfterDate,
					delayMs: options.delayMs,
				};
			}
		}
		if (fault) this.injected[fault.kind] += 1;
		return fault;
	}
}
