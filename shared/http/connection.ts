import { pathSegment } from '../validation';
import {
	sendRequest,
	type RequestContext,
	type RequestSpec,
	type ServiceResponse,
	type Transport,
} from './transport';

export type Query = Record<string, string | number | undefined>;

export interface RequestInput extends Omit<RequestSpec, 'url'> {
	/** Path segments below the connection's base path, each percent-encoded as exactly one segment. */
	path?: string[];
	/** Appended as is after the last segment, e.g. `:startMediaStreaming` or `.json`. */
	suffix?: string;
	/** Instead of `path`: an absolute URL the service handed out (a next-page link), used as given. */
	url?: string;
	/** Query parameters; the connection's own (such as `api-version`) follow unless given here. */
	query?: Query;
}

/** One service, one item: every request goes through the shared transport with its retries. */
export interface Connection {
	origin: URL;
	url(path: string[], query?: Query, suffix?: string): string;
	request<T = ServiceResponse>(
		input: RequestInput,
		consume?: (response: ServiceResponse) => Promise<T>,
	): Promise<T>;
}

/** `{origin}{basePath}/{segment…}{suffix}?{query}`, each segment encoded on its own. */
function buildUrl(
	origin: URL,
	basePath: string,
	path: string[],
	query: Query = {},
	suffix = '',
): string {
	const search = new URLSearchParams();
	for (const [name, value] of Object.entries(query)) {
		if (value !== undefined) search.set(name, String(value));
	}
	const queryString = search.toString();
	const segments = path.map(pathSegment).join('/');
	return `${origin.origin}${basePath}/${segments}${suffix}${queryString ? `?${queryString}` : ''}`;
}

export function createConnection(
	ctx: RequestContext,
	itemIndex: number,
	settings: { origin: URL; basePath?: string; query?: Query; transport: Transport },
): Connection {
	const { origin, basePath = '', transport } = settings;
	const url = (path: string[], query?: Query, suffix?: string) =>
		buildUrl(origin, basePath, path, withDefaults(query, settings.query), suffix);
	return {
		origin,
		url,
		request: async (input, consume) => {
			const { path = [], suffix, url: link, query, ...spec } = input;
			const target = link ?? url(path, query, suffix);
			return await sendRequest(ctx, transport, { ...spec, url: target }, itemIndex, consume);
		},
	};
}

/** The request's own parameters first, then the connection's defaults it did not set. */
function withDefaults(query: Query = {}, defaults: Query = {}): Query {
	const merged = { ...query };
	for (const [name, value] of Object.entries(defaults)) if (!(name in merged)) merged[name] = value;
	return merged;
}
