import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { assertSameOrigin } from '../endpoint';

/** The absolute URL a request will go to, joined the way axios joins baseURL and url, with `qs` folded in. */
export function absoluteRequestUrl(options: IHttpRequestOptions, fallbackOrigin: URL): URL {
	const isAbsolute = /^[a-z][a-z\d+.-]*:\/\//i.test(options.url);
	const base = options.baseURL ?? fallbackOrigin.origin;
	const url = new URL(
		isAbsolute ? options.url : `${base.replace(/\/+$/, '')}/${options.url.replace(/^\/+/, '')}`,
	);
	for (const [name, value] of Object.entries((options.qs ?? {}) as IDataObject)) {
		if (value === undefined || value === null) continue;
		for (const single of Array.isArray(value) ? value : [value])
			url.searchParams.append(name, String(single));
	}
	return url;
}

/** Serialises the body once, so the bytes that are hashed or signed are the bytes that are sent. */
export function serializeBody(options: IHttpRequestOptions): {
	body?: string | Buffer;
	contentType?: string;
} {
	const { body } = options;
	if (body === undefined || body === null || body === '') return {};
	if (typeof body === 'string' || Buffer.isBuffer(body)) return { body };
	if (body instanceof URLSearchParams)
		return { body: body.toString(), contentType: 'application/x-www-form-urlencoded' };
	return { body: JSON.stringify(body), contentType: 'application/json' };
}

export function hasHeader(headers: IDataObject | undefined, name: string): boolean {
	return Object.keys(headers ?? {}).some((key) => key.toLowerCase() === name);
}

/** The request pinned to `origin` (refused for any other origin), with `authorization` set. */
export function authorizeForOrigin(
	requestOptions: IHttpRequestOptions,
	origin: URL,
	authorization: string,
): IHttpRequestOptions {
	const target = assertSameOrigin(
		absoluteRequestUrl(requestOptions, origin).href,
		origin,
		'The request URL',
	);
	return {
		...requestOptions,
		baseURL: undefined,
		url: target.href,
		qs: undefined,
		headers: { ...requestOptions.headers, authorization },
	};
}
