import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { foreignOriginProblem } from './endpoint';
import type { Connection, RequestInput } from './http/connection';

interface Paging {
	/** How many results to return at most (Infinity for Return All). */
	limit: number;
	/** How many to ask for per request: the Page Size option, else no more than the limit needs. */
	pageSize: number;
}

/** Reads Return All / Limit (see returnAllAndLimit) and the operation's Page Size option. */
export function readPaging(
	ctx: IExecuteFunctions,
	itemIndex: number,
	pageSizeOption: string,
	maxPageSize: number,
): Paging {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	const requested = ctx.getNodeParameter(`options.${pageSizeOption}`, itemIndex, 0) as number;
	return { limit, pageSize: Math.min(maxPageSize, requested || Math.min(limit, maxPageSize)) };
}

export interface Page {
	items: IDataObject[];
	/** The service's link to the next page (absolute, or relative to the origin), if any. */
	next?: string | null;
}

/** A page in the Azure REST shape `{value, nextLink}` (ACS chat messages, WhatsApp templates). */
export function azurePage(body: unknown): Page {
	const page = body as { value?: IDataObject[]; nextLink?: string | null };
	return { items: page.value ?? [], next: page.nextLink };
}

/** A SignalWire (Compatibility API) list page: the items under `listKey`, the next page in `next_page_uri`. */
export function signalWirePage(listKey: string): (body: unknown) => Page {
	return (body) => {
		const page = body as Record<string, unknown>;
		const items = page[listKey];
		return {
			items: Array.isArray(items) ? (items as IDataObject[]) : [],
			next: page.next_page_uri as string | null | undefined,
		};
	};
}

/**
 * Sends `first`, then follows each next-page link exactly as the service returned it (its page token
 * included) until `limit` results are collected or there is no next page. A link to any other origin
 * than the connection's is refused before anything is sent there, so the credential cannot leak.
 */
export async function collectPages(
	ctx: IExecuteFunctions,
	itemIndex: number,
	connection: Connection,
	first: RequestInput,
	readPage: (body: unknown) => Page,
	limit: number,
): Promise<INodeExecutionData[]> {
	const results: INodeExecutionData[] = [];
	let request: RequestInput | undefined = first;
	while (request && results.length < limit) {
		const response = await connection.request(request);
		const page = readPage(response.body ?? {});
		for (const item of page.items) {
			if (results.length >= limit) break;
			results.push({ json: item });
		}
		request = page.next ? nextPage(ctx, itemIndex, connection, page.next) : undefined;
	}
	return results;
}

/** The request for a next-page link, refused unless it is on the connection's own origin. */
export function nextPage(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	connection: Connection,
	link: string,
): RequestInput {
	const url = new URL(link, connection.origin).href;
	const problem = foreignOriginProblem(url, connection.origin, 'The next page link');
	if (problem) throw new NodeOperationError(ctx.getNode(), problem, { itemIndex });
	return { method: 'GET', url };
}
