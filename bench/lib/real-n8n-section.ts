/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only benchmark code: runs on Node and never ships in dist */
import { existsSync, readFileSync } from 'node:fs';

/**
 * BENCHMARKS.md holds two reports: the real-n8n one of `npm run bench:n8n`, between these markers, and
 * the in-process harness one of `npm run bench` around it. Each script rewrites only its own part.
 */
export const SECTION_START = '<!-- real-n8n:start -->';
export const SECTION_END = '<!-- real-n8n:end -->';

/** `report` (a whole BENCHMARKS.md) with `section` after its introduction, replacing an earlier one. */
export function withRealN8nSection(report: string, section: string): string {
	const start = report.indexOf(SECTION_START);
	const end = report.indexOf(SECTION_END);
	if (start >= 0 && end > start)
		return report.slice(0, start) + section + report.slice(end + SECTION_END.length);
	const firstSection = report.indexOf('\n## ');
	return `${report.slice(0, firstSection + 1)}${section}\n\n${report.slice(firstSection + 1)}`;
}

/** The real-n8n section of the BENCHMARKS.md at `file`, if it has one. */
export function realN8nSectionOf(file: string): string | undefined {
	if (!existsSync(file)) return undefined;
	const text = readFileSync(file, 'utf8');
	const start = text.indexOf(SECTION_START);
	const end = text.indexOf(SECTION_END);
	return start >= 0 && end > start ? text.slice(start, end + SECTION_END.length) : undefined;
}
