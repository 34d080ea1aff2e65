import { createHmac, timingSafeEqual } from 'node:crypto';
import { generatedMediaStreamParams, MAX_GENERATED_BYTES, type SwMediaFixture } from '../fixtures';
import { empty, json, swError, type EmuResponse, type RequestContext } from '../http';
import { deterministicStream } from '../prng';
import { authenticateProject } from './auth';

export const LAML_PREFIX = '/api/laml/2010-04-01';
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const FILE_URL_LIFETIME_S = 3600;

export interface MediaPath {
	accountSid: string | undefined;
	messageSid: string | undefined;
	mediaSid?: string | undefined;
}

function notFound(ctx: RequestContext): EmuResponse {
	return swError(404, 20404, `The requested resource ${ctx.rawPath} was not found`);
}

function mediaUri(m: SwMediaFixture, accountSid: string): string {
	return `${LAML_PREFIX}/Accounts/${accountSid}/Messages/${m.messageSid}/Media/${m.sid}.json`;
}

export function mediaJson(m: SwMediaFixture, accountSid: string) {
	return {
		account_sid: accountSid,
		content_type: m.contentType,
		date_created: m.dateCreated,
		date_updated: m.dateCreated,
		parent_sid: m.messageSid,
		sid: m.sid,
		uri: mediaUri(m, accountSid),
	};
}

/** The media, if it exists and belongs to the message in the path. */
function findMedia(ctx: RequestContext, path: MediaPath): SwMediaFixture | undefined {
	const m = path.mediaSid === undefined ? undefined : ctx.env.state.swMedia.get(path.mediaSid);
	return m && m.messageSid === path.messageSid ? m : undefined;
}

// ---- list --------------------------------------------------------------------------------------

interface Filters {
	on?: string;
	before?: string;
	after?: string;
}

/** `YYYY-MM-DD` (the docs) or `YYYY-MM-DDTHH:mm:ssZ` (what the official client serialises Dates as). */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * DateCreated matches the UTC day; `DateCreated<` / `DateCreated>` (sent as `DateCreated<=` / `DateCreated>=`)
 * are inclusive bounds: whole days for a date, the instant for a date-time.
 */
function matchesFilters(m: SwMediaFixture, filters: Filters): boolean {
	const day = m.createdAt.toISOString().slice(0, 10);
	const at = m.createdAt.getTime();
	if (filters.on && day !== filters.on.slice(0, 10)) return false;
	if (
		filters.before &&
		(DAY.test(filters.before) ? day > filters.before : at > Date.parse(filters.before))
	)
		return false;
	if (
		filters.after &&
		(DAY.test(filters.after) ? day < filters.after : at < Date.parse(filters.after))
	)
		return false;
	return true;
}

function pageToken(
	ctx: RequestContext,
	messageSid: string,
	page: number,
	pageSize: number,
	filters: Filters,
): string {
	const mac = createHmac('sha256', ctx.env.secrets.opaqueKey)
		.update(
			`sw-media:${messageSid}|${page}|${pageSize}|${filters.on ?? ''}|${filters.before ?? ''}|${filters.after ?? ''}`,
		)
		.digest('base64url');
	return `PA${mac.slice(0, 32)}`;
}

function listUri(
	ctx: RequestContext,
	path: MediaPath,
	page: number,
	pageSize: number,
	filters: Filters,
): string {
	const q = new URLSearchParams({ PageSize: String(pageSize), Page: String(page) });
	if (page > 0) q.set('PageToken', pageToken(ctx, path.messageSid ?? '', page, pageSize, filters));
	if (filters.on) q.set('DateCreated', filters.on);
	if (filters.before) q.set('DateCreated<', filters.before);
	if (filters.after) q.set('DateCreated>', filters.after);
	return `${LAML_PREFIX}/Accounts/${path.accountSid ?? ''}/Messages/${path.messageSid ?? ''}/Media.json?${q.toString()}`;
}

function intParam(
	ctx: RequestContext,
	name: string,
	fallback: number,
	min: number,
	max: number,
): number | undefined {
	const raw = ctx.query.get(name);
	if (raw === null) return fallback;
	const n = Number(raw);
	return /^\d+$/.test(raw) && n >= min && n <= max ? n : undefined;
}

/** GET .../Messages/{M}/Media(.json) */
export function listMedia(ctx: RequestContext, path: MediaPath): EmuResponse {
	const authError = authenticateProject(ctx, path.accountSid, true);
	if (authError) return authError;

	const pageSize = intParam(ctx, 'PageSize', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
	if (pageSize === undefined)
		return swError(
			400,
			20001,
			`Invalid PageSize: must be an integer between 1 and ${MAX_PAGE_SIZE}`,
		);
	const page = intParam(ctx, 'Page', 0, 0, Number.MAX_SAFE_INTEGER);
	if (page === undefined)
		return swError(400, 20001, 'Invalid Page: must be a non-negative integer');
	const filters: Filters = {};
	for (const [param, key] of [
		['DateCreated', 'on'],
		['DateCreated<', 'before'],
		['DateCreated>', 'after'],
	] as const) {
		const value = ctx.query.get(param);
		if (value === null) continue;
		if (!(DAY.test(value) || DATE_TIME.test(value)) || Number.isNaN(Date.parse(value))) {
			return swError(400, 20001, `Invalid ${param}: expected YYYY-MM-DD or YYYY-MM-DDTHH:mm:ssZ`);
		}
		filters[key] = value;
	}
	// Later pages are only reachable through the server-issued next_page_uri.
	if (
		page > 0 &&
		ctx.query.get('PageToken') !== pageToken(ctx, path.messageSid ?? '', page, pageSize, filters)
	) {
		return swError(
			400,
			20001,
			'Invalid PageToken: follow next_page_uri instead of building Page=N yourself',
		);
	}

	const all = [...ctx.env.state.swMedia.values()]
		.filter((m) => m.messageSid === path.messageSid && matchesFilters(m, filters))
		.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.sid.localeCompare(b.sid));
	const start = page * pageSize;
	const items = all.slice(start, start + pageSize);
	const hasNext = start + pageSize < all.length;
	return json(200, {
		uri: listUri(ctx, path, page, pageSize, filters),
		first_page_uri: listUri(ctx, path, 0, pageSize, filters),
		next_page_uri: hasNext ? listUri(ctx, path, page + 1, pageSize, filters) : null,
		previous_page_uri: page > 0 ? listUri(ctx, path, page - 1, pageSize, filters) : null,
		page,
		page_size: pageSize,
		start,
		end: items.length > 0 ? start + items.length - 1 : start,
		media_list: items.map((m) => mediaJson(m, path.accountSid ?? '')),
	});
}

// ---- single media --------------------------------------------------------------------------------

/** GET .../Media/{Sid}.json */
export function getMedia(ctx: RequestContext, path: MediaPath): EmuResponse {
	const authError = authenticateProject(ctx, path.accountSid, true);
	if (authError) return authError;
	const m = findMedia(ctx, path);
	return m ? json(200, mediaJson(m, path.accountSid ?? '')) : notFound(ctx);
}

/** Signature for the file-host URL, like a pre-signed object-store URL. */
export function fileSignature(ctx: RequestContext, sid: string, expires: string): string {
	return createHmac('sha256', ctx.env.secrets.opaqueKey)
		.update(`file:${sid}|${expires}`)
		.digest('base64url');
}

export function validFileSignature(
	ctx: RequestContext,
	sid: string,
	expires: string | null,
	signature: string | null,
): boolean {
	if (!expires || !signature || Number(expires) < Date.now() / 1000) return false;
	const [a, b] = [Buffer.from(fileSignature(ctx, sid, expires)), Buffer.from(signature)];
	return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `generated-<bytes>` media sids (for benchmarks): that many deterministic bytes, served directly with a
 * Content-Length, under any message of the project.
 */
function generatedMedia(mediaSid: string | undefined): EmuResponse | undefined {
	const size = /^generated-(\d{1,12})$/.exec(mediaSid ?? '')?.[1];
	if (!size || Number(size) > MAX_GENERATED_BYTES) return undefined;
	const p = generatedMediaStreamParams(Number(size));
	return {
		status: 200,
		headers: { 'Content-Type': 'video/mp4' },
		body: { length: p.length, open: () => deterministicStream(p.label, p.length) },
	};
}

/** GET .../Media/{Sid} (no .json): the media itself, served directly or through a redirect. */
export function getMediaContent(ctx: RequestContext, path: MediaPath): EmuResponse {
	const authError = authenticateProject(ctx, path.accountSid, true);
	if (authError) return authError;
	const generated = generatedMedia(path.mediaSid);
	if (generated) return generated;
	const m = findMedia(ctx, path);
	if (!m) return notFound(ctx);
	if (m.delivery === 'direct')
		return { status: 200, headers: { 'Content-Type': m.contentType }, body: m.bytes };
	if (m.delivery === 'untyped')
		return { status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: m.bytes };
	const expires = String(Math.floor(Date.now() / 1000) + FILE_URL_LIFETIME_S);
	const location =
		m.delivery === 'foreign'
			? `${ctx.env.foreignHostUrl}/media/${m.sid}?source=signalwire-redirect`
			: `${ctx.env.fileHostUrl}/files/${ctx.env.secrets.signalwire.projectId}/${m.sid}?${new URLSearchParams({ Expires: expires, Signature: fileSignature(ctx, m.sid, expires) }).toString()}`;
	return empty(m.delivery === 'redirect307' ? 307 : 302, { Location: location });
}

/** DELETE .../Media/{Sid}(.json) */
export function deleteMedia(ctx: RequestContext, path: MediaPath): EmuResponse {
	const authError = authenticateProject(ctx, path.accountSid, true);
	if (authError) return authError;
	const m = findMedia(ctx, path);
	if (!m) return notFound(ctx);
	const message = ctx.env.fixtures.signalwire.messages.find((msg) => msg.sid === m.messageSid);
	if (message?.status === 'queued')
		return swError(422, 20009, 'Cannot delete media of a message that is in progress');
	ctx.env.state.swMedia.delete(m.sid);
	return empty(204);
}
