import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/** IDs longer than this are not IDs any of these services issue; refusing them keeps URLs sane. */
const MAX_ID_LENGTH = 1024;

/**
 * Reads an ID parameter and checks it before anything is sent. Numbers from expressions are accepted
 * (chat message IDs are numeric); anything else that is not text is refused, naming the field.
 */
export function readId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
): string {
	const value = ctx.getNodeParameter(parameter, itemIndex) as unknown;
	const fail = (problem: string) =>
		new NodeOperationError(ctx.getNode(), `${label} ${problem}`, {
			itemIndex,
			description: `Check the "${label}" field of item ${itemIndex}. If it comes from an expression, check what the expression returns.`,
		});
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') {
		throw fail(
			`must be text, but it is ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}`,
		);
	}
	const id = value.trim();
	if (id === '') throw fail('is empty');
	if (id.length > MAX_ID_LENGTH)
		throw fail(`is too long (${id.length} characters; at most ${MAX_ID_LENGTH})`);
	// Checked on the raw value: a trailing line break is a sign of a wrong expression, not padding to trim.
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(value))
		throw fail('contains a line break or another control character');
	if (id === '.' || id === '..') throw fail(`cannot be "${id}"`);
	return id;
}

/** Encodes an ID as exactly one path segment: `/`, `?`, `#` and `%` cannot change the path or query. */
export function pathSegment(id: string): string {
	return encodeURIComponent(id);
}
