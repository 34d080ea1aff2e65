/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- dev-only code (e2e tooling): runs on Node and never ships in dist */
/** Step timings and plain output for the e2e, start and check scripts (console is linted away; stdout is not). */

export function say(line: string): void {
	process.stdout.write(`${line}\n`);
}

export function warn(line: string): void {
	process.stderr.write(`${line}\n`);
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

export class Steps {
	private readonly done: Array<{ name: string; ms: number; ok: boolean }> = [];
	private readonly started = Date.now();

	constructor(private readonly title: string) {}

	async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
		say(`\n▶ ${name}`);
		const start = Date.now();
		try {
			const value = await fn();
			const ms = Date.now() - start;
			this.done.push({ name, ms, ok: true });
			say(`✔ ${name} (${seconds(ms)})`);
			return value;
		} catch (error) {
			const ms = Date.now() - start;
			this.done.push({ name, ms, ok: false });
			say(`✘ ${name} (${seconds(ms)})`);
			throw error;
		}
	}

	summary(): string {
		const width = Math.max(...this.done.map((s) => s.name.length), 10);
		const lines = this.done.map(
			(s) => `  ${s.ok ? '✔' : '✘'} ${s.name.padEnd(width)}  ${seconds(s.ms).padStart(9)}`,
		);
		return [
			`${this.title}: step timings`,
			...lines,
			`  total ${' '.repeat(width - 4)}${seconds(Date.now() - this.started).padStart(9)}`,
		].join('\n');
	}
}
