/**
 * Where a process spent a stretch of time, from a V8 CPU profile (`node --cpu-prof`). The stretch is
 * the measured work: it starts at the first sample whose stack runs the measured node's code (loading
 * that code at start-up does not count) and lasts as long as n8n says the node ran, so n8n's start-up
 * and shutdown are left out while the garbage collection, idle time and library code of that stretch
 * (a download's socket and file writes run outside the node's own frames) are kept.
 */

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
}

interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}

export interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

export interface ProfileShare {
	name: string;
	ms: number;
	share: number;
}

export interface ProfileSummary {
	/** Where the window starts, in ms since the profile started (about when the process started). */
	startMs: number;
	windowMs: number;
	/** Self time by kind: garbage collection, idle (waiting on I/O), V8's own (program) and JavaScript. */
	kinds: ProfileShare[];
	/** Self time by module: a package under node_modules, a Node built-in, or the file. */
	modules: ProfileShare[];
	functions: ProfileShare[];
}

/** `node_modules/@scope/name` or `node_modules/name` (the last one in the path), else the file's name. */
function moduleOf(url: string): string {
	if (!url) return '(native)';
	if (url.startsWith('node:')) return url;
	const path = url.replace(/^file:\/\//, '');
	const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
	return match ? match[1] : path.split('/').slice(-2).join('/');
}

function kindOf(frame: CallFrame): string {
	if (frame.functionName === '(garbage collector)') return 'garbage collection';
	if (frame.functionName === '(idle)') return 'idle (waiting on I/O)';
	if (frame.functionName === '(program)') return 'V8 and native (program)';
	return 'JavaScript';
}

function shares(totals: Map<string, number>, windowMs: number, top: number): ProfileShare[] {
	return [...totals]
		.map(([name, ms]) => ({ name, ms, share: ms / windowMs }))
		.sort((a, b) => b.ms - a.ms)
		.slice(0, top);
}

/** Frames of Node's or n8n's module loading: the measured code being loaded, not run. */
const LOADING = /node:internal\/modules|\/nodes-loader\/|load-nodes-and-credentials/;

/**
 * Summarises the `durationMs` after the first sample whose stack holds a frame `isMeasured` accepts
 * (by script URL) outside module loading, or undefined when none does.
 */
export function summarizeProfile(
	profile: CpuProfile,
	isMeasured: (url: string) => boolean,
	durationMs: number,
	top = 15,
): ProfileSummary | undefined {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const stackOf = (id: number): CallFrame[] => {
		const frames: CallFrame[] = [];
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
			frames.push(byId.get(at)!.callFrame);
		return frames;
	};
	const runsMeasured = (id: number): boolean => {
		const frames = stackOf(id);
		return (
			frames.some((frame) => isMeasured(frame.url)) &&
			!frames.some((frame) => LOADING.test(frame.url))
		);
	};

	const times: number[] = [];
	let clock = profile.startTime;
	for (const delta of profile.timeDeltas) times.push((clock += delta));
	const first = profile.samples.findIndex(runsMeasured);
	if (first < 0) return undefined;
	const end = times[first] + durationMs * 1000;
	let last = first;
	while (last + 1 < times.length && times[last + 1] <= end) last += 1;

	const kinds = new Map<string, number>();
	const modules = new Map<string, number>();
	const functions = new Map<string, number>();
	const add = (totals: Map<string, number>, key: string, ms: number) =>
		totals.set(key, (totals.get(key) ?? 0) + ms);
	for (let index = first; index <= last; index++) {
		// A sample stands for the time until the next one.
		const ms = ((times[index + 1] ?? times[index]) - times[index]) / 1000;
		const frame = byId.get(profile.samples[index])!.callFrame;
		const kind = kindOf(frame);
		add(kinds, kind, ms);
		if (kind !== 'JavaScript') continue;
		const module = moduleOf(frame.url);
		add(modules, module, ms);
		add(
			functions,
			`${frame.functionName || '(anonymous)'} (${module}:${frame.lineNumber + 1})`,
			ms,
		);
	}
	const windowMs = (times[last] - times[first]) / 1000;
	return {
		startMs: (times[first] - profile.startTime) / 1000,
		windowMs,
		kinds: shares(kinds, windowMs, top),
		modules: shares(modules, windowMs, top),
		functions: shares(functions, windowMs, top),
	};
}

export function formatProfileSummary(title: string, summary: ProfileSummary): string {
	const table = (heading: string, rows: ProfileShare[]) => [
		`| ${heading} | ms | share |`,
		'| --- | --- | --- |',
		...rows.map((r) => `| ${r.name} | ${r.ms.toFixed(0)} | ${(r.share * 100).toFixed(1)}% |`),
	];
	return [
		`### ${title}`,
		'',
		`Window: ${summary.windowMs.toFixed(0)} ms from the first sample running the measured node.`,
		'',
		...table('Kind', summary.kinds),
		'',
		...table('Module (self time)', summary.modules),
		'',
		...table('Function (self time)', summary.functions),
	].join('\n');
}

export interface MarkCompacts {
	count: number;
	/** Main-thread time of those collections: the final pause plus the incremental marking steps. */
	ms: number;
	/** V8 heap in use when they started (MB), the largest. */
	heapMb: number;
	reasons: string[];
}

/**
 * The full (mark-compact) collections `--trace-gc` reported for one process within a window, in ms
 * since that process started: each one marks the whole heap, so their cost grows with n8n's heap.
 */
export function markCompactsIn(
	trace: string,
	pid: number,
	startMs: number,
	endMs: number,
): MarkCompacts {
	const line =
		/^\[(\d+):\S+\]\s+(\d+) ms: Mark-Compact ([\d.]+) \([\d.]+\) -> [\d.]+ \([\d.]+\) MB,.*?([\d.]+) \/ [\d.]+ ms\s+(?:\(\+ ([\d.]+) ms in)?.*?(?:;\s*(.*))?$/;
	const result: MarkCompacts = { count: 0, ms: 0, heapMb: 0, reasons: [] };
	for (const text of trace.split('\n')) {
		const match = line.exec(text);
		if (!match || Number(match[1]) !== pid) continue;
		const at = Number(match[2]);
		if (at < startMs || at > endMs) continue;
		result.count += 1;
		result.ms += Number(match[4]) + Number(match[5] ?? 0);
		result.heapMb = Math.max(result.heapMb, Number(match[3]));
		const reason = (match[6] ?? '').trim();
		if (reason && !result.reasons.includes(reason)) result.reasons.push(reason);
	}
	return result;
}
