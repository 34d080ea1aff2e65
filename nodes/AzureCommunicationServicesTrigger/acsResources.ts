import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { connectArm } from '../../shared/arm/connect';
import { nextPage } from '../../shared/paging';
import { listPage } from '../../shared/resourceLocator';

const SUBSCRIPTIONS_API_VERSION = '2022-12-01';
const COMMUNICATION_API_VERSION = '2026-03-18';
const PORTAL = 'https://portal.azure.com/#resource';

/** Where the list is: the Azure subscriptions still to go through, and the next page of the current one. */
interface Position {
	subscriptions: Array<{ id: string; name: string }>;
	index: number;
	nextLink?: string;
}

const encode = (position: Position) =>
	Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
const decode = (token: string) =>
	JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Position;

/**
 * The Communication Services resources of every Azure subscription the credential can read, one
 * subscription page per request (Resource Manager cannot filter them by name, so a search keeps the
 * matching ones of each page).
 */
export async function searchAcsResources(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const arm = await connectArm(this);
	let position: Position;
	if (paginationToken) {
		position = decode(paginationToken);
	} else {
		const response = await arm.request({
			method: 'GET',
			path: ['subscriptions'],
			query: { 'api-version': SUBSCRIPTIONS_API_VERSION },
		});
		const value = ((response.body as IDataObject)?.value ?? []) as IDataObject[];
		position = {
			subscriptions: value.map((entry) => ({
				id: String(entry.subscriptionId),
				name: String(entry.displayName ?? entry.subscriptionId),
			})),
			index: 0,
		};
	}
	const subscription = position.subscriptions[position.index];
	if (!subscription) return { results: [] };
	const response = await arm.request(
		position.nextLink
			? nextPage(this, 0, arm, position.nextLink)
			: {
					method: 'GET',
					path: [
						'subscriptions',
						subscription.id,
						'providers',
						'Microsoft.Communication',
						'communicationServices',
					],
					query: { 'api-version': COMMUNICATION_API_VERSION },
				},
	);
	const body = (response.body ?? {}) as IDataObject;
	const needle = filter?.trim().toLowerCase() ?? '';
	const results = ((body.value ?? []) as IDataObject[])
		.filter((resource) =>
			String(resource.name ?? '')
				.toLowerCase()
				.includes(needle),
		)
		.map((resource) => {
			const id = String(resource.id);
			const group = /\/resourceGroups\/([^/]+)\//i.exec(id)?.[1] ?? '';
			return {
				name: `${String(resource.name)} (${group}, ${subscription.name})`,
				value: id,
				url: `${PORTAL}${id}/overview`,
			};
		});
	const next: Position | undefined =
		typeof body.nextLink === 'string' && body.nextLink
			? { ...position, nextLink: body.nextLink }
			: position.index + 1 < position.subscriptions.length
				? { subscriptions: position.subscriptions, index: position.index + 1 }
				: undefined;
	return listPage(results, next && encode(next));
}
