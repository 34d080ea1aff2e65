import { createHmac } from 'node:crypto';
import { json, swError, type EmuResponse, type RequestContext } from '../http';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/** `YYYY-MM-DD` (SignalWire's examples) or `YYYY-MM-DDTHH:mm:ssZ` (what the official client sends). */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * A date filter `name` (on that day), `name<` (on or before) and `name>` (on or after), as the
 * Compatibility API reads them; the official client sends `name<=` / `name>=`, which a form parser
 * reads as `name<` / `name>`. A day bounds whole days, a date-time the instant.
 */
export function readDateFilters(
	ctx: RequestContext,
	name: string,
	filters: URLSearchParams,
): EmuResponse | undefined {
	for (const param of [name, `${name}<`, `${name}>`]) {
		const value = ctx.query.get(param);
		if (value === null) continue;
		if (!(DAY.test(value) || DATE_TIME.test(value)) || Number.isNaN(Date.parse(value)))
			return swError(400, 20001, `Invalid ${param}: expected YYYY-MM-DD or YYYY-MM-DDTHH:mm:ssZ`);
		filters.set(param, value);
	}
	return undefined;
}

export function matchesDateFilters(
	at: Date | undefined,
	name: string,
	filters: URLSearchParams,
): boolean {
	const on = filters.get(name);
	const before = filters.get(`${name}<`);
	const after = filters.get(`${name}>`);
	if (on === null && before === null && after === null) return true;
	if (!at) return false;
	const day = at.toISOString().slice(0, 10);
	const time = at.getTime();
	if (on !== null && day !== on.slice(0, 10)) return false;
	if (before !== null && (DAY.test(before) ? day > before : time > Date.parse(before)))
		return false;
	if (after !== null && (DAY.test(after) ? day < after : time < Date.parse(after))) return false;
	return true;
}

function pageToken(
	ctx: RequestContext,
	path: string,
	filters: URLSearchParams,
	page: number,
	size: number,
) {
	const mac = createHmac('sha256', ctx.env.secrets.opaqueKey)
		.update(`sw-page:${path}|${filters.toString()}|${page}|${size}`)
		.digest('base64url');
	return `PA${mac.slice(0, 32)}`;
}

/**
 * A page of a Compatibility API list: PageSize 1–1000 (50), Page only through the server's
 * next_page_uri (its PageToken is checked), `uri`, `first_page_uri`, `next_page_uri` (null at the end),
 * `previous_page_uri`, `page`, `page_size`, `start`, `end`, and the items under `key`.
 */
export function listPage<T>(
	ctx: RequestContext,
	path: string,
	filters: URLSearchParams,
	key: string,
	all: T[],
	render: (item: T) => unknown,
): EmuResponse {
	const rawSize = ctx.query.get('PageSize') ?? String(DEFAULT_PAGE_SIZE);
	const size = Number(rawSize);
	if (!/^\d+$/.test(rawSize) || size < 1 || size > MAX_PAGE_SIZE)
		return swError(
			400,
			20001,
			`Invalid PageSize: must be an integer between 1 and ${MAX_PAGE_SIZE}`,
		);
	const rawPage = ctx.query.get('Page') ?? '0';
	const page = Number(rawPage);
	if (!/^\d+$/.test(rawPage))
		return swError(400, 20001, 'Invalid Page: must be a non-negative integer');
	if (page > 0 && ctx.query.get('PageToken') !== pageToken(ctx, path, filters, page, size))
		return swError(
			400,
			21481,
			'Invalid PageToken: follow next_page_uri instead of building Page=N yourself',
		);
	const uri = (n: number) => {
		const q = new URLSearchParams(filters);
		q.set('PageSize', String(size));
		q.set('Page', String(n));
		if (n > 0) q.set('PageToken', pageToken(ctx, path, filters, n, size));
		return `${path}?${q.toString()}`;
	};
	const start = page * size;
	const items = all.slice(start, start + size);
	return json(200, {
		uri: uri(page),
		first_page_uri: uri(0),
		next_page_uri: start + size < all.length ? uri(page + 1) : null,
		previous_page_uri: page > 0 ? uri(page - 1) : null,
		page,
		page_size: size,
		start,
		end: items.length > 0 ? start + items.length - 1 : start,
		[key]: items.map(render),
	});
}
