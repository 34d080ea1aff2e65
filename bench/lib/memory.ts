/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only benchmark code: runs on Node and never ships in dist */
import { readFileSync, writeFileSync } from 'node:fs';

/** Linux only: the kernel's peak RSS (VmHWM) of this process, in bytes. */
function highWaterMark(): number | undefined {
	try {
		const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
		return m ? Number(m[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** Resets VmHWM to the current RSS (Linux: `echo 5 > /proc/self/clear_refs`); false where unsupported. */
function resetHighWaterMark(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

export interface MemoryReport {
	baselineRss: number;
	/** Peak RSS growth over the baseline: the larger of the sampled peak and the kernel's VmHWM. */
	peakGrowth: number;
	sampledPeakGrowth: number;
	kernelPeakGrowth?: number;
	samples: number;
}

/**
 * Samples `process.memoryUsage().rss` every `intervalMs` from a baseline taken now (after warm-up and a
 * full GC), and also reads the kernel's peak RSS, which catches peaks between samples or while the event
 * loop was busy.
 */
export function startMemorySampler(intervalMs = 10): { stop(): MemoryReport } {
	(globalThis as { gc?: () => void }).gc?.();
	const baselineRss = process.memoryUsage().rss;
	const hwmReset = resetHighWaterMark();
	let peak = baselineRss;
	let samples = 0;
	const timer = setInterval(() => {
		const rss = process.memoryUsage().rss;
		samples++;
		if (rss > peak) peak = rss;
	}, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			const rss = process.memoryUsage().rss;
			if (rss > peak) peak = rss;
			const hwm = hwmReset ? highWaterMark() : undefined;
			const kernelPeakGrowth = hwm === undefined ? undefined : hwm - baselineRss;
			const sampledPeakGrowth = peak - baselineRss;
			return {
				baselineRss,
				peakGrowth: Math.max(sampledPeakGrowth, kernelPeakGrowth ?? 0),
				sampledPeakGrowth,
				kernelPeakGrowth,
				samples,
			};
		},
	};
}
