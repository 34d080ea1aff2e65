/** Median (mean of the middle two for an even count), min and max of a set of runs. */
export interface Summary {
	median: number;
	min: number;
	max: number;
	runs: number[];
}

export function summarize(values: number[]): Summary {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: values };
}

function round(value: number, digits: number): string {
	if (!Number.isFinite(value)) return String(value);
	const abs = Math.abs(value);
	const d = abs >= 100 ? 0 : abs >= 10 ? Math.min(1, digits) : digits;
	return value.toFixed(d);
}

/** `median (min–max)` */
export function fmt(s: Summary | undefined, digits = 2, unit = ''): string {
	if (!s) return 'n/a';
	return `${round(s.median, digits)}${unit} (${round(s.min, digits)}–${round(s.max, digits)})`;
}

export function ratio(a: number[], b: number[]): Summary {
	return summarize(a.map((x, i) => x / b[i]));
}
