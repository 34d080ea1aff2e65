/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only code (e2e tooling): runs on Node and never ships in dist */
/**
 * Peak memory of running processes (Linux /proc): the resident size of each watched process with all
 * its descendants (an n8n worker and its task-runner child), sampled, and the kernel's own peak (VmHWM)
 * of the watched process itself, which catches peaks between samples.
 */
import { readdirSync, readFileSync } from 'node:fs';

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
	try {
		const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
			readFileSync(`/proc/${pid}/status`, 'utf8'),
		);
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

function parentOf(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed.
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	} catch {
		return undefined;
	}
}

function treeRss(root: number, parents: Map<number, number>): number {
	let total = statusField(root, 'VmRSS');
	for (const [pid, parent] of parents) {
		let ancestor: number | undefined = parent;
		while (ancestor !== undefined && ancestor > 1 && ancestor !== root)
			ancestor = parents.get(ancestor);
		if (ancestor === root) total += statusField(pid, 'VmRSS');
	}
	return total;
}

export interface PeakMemory {
	/** RSS of the process and its descendants when the watch started, in bytes. */
	treeAtStart: number;
	/** Highest sampled RSS of the process and its descendants, in bytes. */
	treePeak: number;
	/** The kernel's peak RSS of the process itself (VmHWM), in bytes. */
	processPeak: number;
}

export class MemoryWatch {
	private readonly peaks = new Map<string, number>();
	private readonly starts = new Map<string, number>();
	private readonly timer: NodeJS.Timeout;

	constructor(
		private readonly processes: Map<string, number>,
		intervalMs = 250,
	) {
		this.timer = setInterval(() => this.sample(), intervalMs);
		this.timer.unref();
		this.sample();
	}

	private sample(): void {
		const parents = new Map<number, number>();
		for (const entry of readdirSync('/proc')) {
			if (!/^\d+$/.test(entry)) continue;
			const parent = parentOf(Number(entry));
			if (parent !== undefined) parents.set(Number(entry), parent);
		}
		for (const [name, pid] of this.processes) {
			const rss = treeRss(pid, parents);
			if (!this.starts.has(name)) this.starts.set(name, rss);
			if (rss > (this.peaks.get(name) ?? 0)) this.peaks.set(name, rss);
		}
	}

	/** Peaks so far, per watched name; sampling goes on until stop(). */
	report(): Record<string, PeakMemory> {
		this.sample();
		return Object.fromEntries(
			[...this.processes].map(([name, pid]) => [
				name,
				{
					treeAtStart: this.starts.get(name) ?? 0,
					treePeak: this.peaks.get(name) ?? 0,
					processPeak: statusField(pid, 'VmHWM'),
				},
			]),
		);
	}

	stop(): void {
		clearInterval(this.timer);
	}
}
