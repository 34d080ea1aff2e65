/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev-only code (tests, emulator): runs on Node and never ships in dist */
/**
 * A logger that records everything n8n logs. It is installed both as n8n-workflow's
 * `LoggerProxy` (used by WorkflowExecute, RoutingNode, ...) and as `@n8n/backend-common`'s
 * `Logger` in the DI container (what nodes get as `this.logger`, and what n8n-core services use).
 *
 * Set N8N_HARNESS_LOG=1 to also print the entries to the console while debugging a test.
 */
export interface LogEntry {
	level: string;
	message: string;
	meta?: unknown;
}

export class CapturingLogger {
	constructor(
		private readonly entries: LogEntry[] = [],
		private readonly scopes: string[] = [],
	) {}

	private record(level: string, message: string, meta?: unknown) {
		const entry: LogEntry = { level, message: String(message) };
		if (
			meta !== undefined &&
			!(typeof meta === 'object' && meta !== null && Object.keys(meta).length === 0)
		) {
			entry.meta = meta;
		}
		if (this.scopes.length) entry.meta = { ...(entry.meta as object), scopes: this.scopes };
		this.entries.push(entry);
		if (process.env.N8N_HARNESS_LOG) {
			// eslint-disable-next-line no-console
			console.log(`[n8n ${level}] ${message}`, entry.meta ?? '');
		}
	}

	error(message: string, meta?: unknown) {
		this.record('error', message, meta);
	}

	warn(message: string, meta?: unknown) {
		this.record('warn', message, meta);
	}

	info(message: string, meta?: unknown) {
		this.record('info', message, meta);
	}

	debug(message: string, meta?: unknown) {
		this.record('debug', message, meta);
	}

	/** `@n8n/backend-common` Logger API: a child logger that writes into the same list. */
	scoped(scopes: string | string[]) {
		return new CapturingLogger(this.entries, [...this.scopes, ...([] as string[]).concat(scopes)]);
	}

	get isScopingEnabled() {
		return false;
	}

	/** Snapshot of everything logged so far. */
	all(): LogEntry[] {
		return [...this.entries];
	}

	/** Index to pass to `since()` to get only what was logged after this point. */
	mark(): number {
		return this.entries.length;
	}

	since(mark: number): LogEntry[] {
		return this.entries.slice(mark);
	}
}
