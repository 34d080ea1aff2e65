import {
	isResourceLocatorValue,
	NodeOperationError,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeListSearchResult,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { connectAcsForList, type AcsApi } from '../../shared/acs/connect';
import type { Connection, RequestInput } from '../../shared/http/connection';
import { nextPage } from '../../shared/paging';
import { listPage } from '../../shared/resourceLocator';

/**
 * The lists behind the node's pickers. Each call fetches one page through the operations' own connection
 * (credential, retries, errors); the service's next link is the token for the next page. None of these
 * APIs filters by text, so a search keeps the matching entries of each page.
 */

const PAGE_SIZE = 100;

interface Page {
	value: IDataObject[];
	nextLink?: string;
}

async function fetchPage(
	ctx: ILoadOptionsFunctions,
	api: AcsApi,
	first: RequestInput,
	paginationToken: string | undefined,
	listKey = 'value',
): Promise<Page> {
	const acs: Connection = await connectAcsForList(ctx, api);
	const response = await acs.request(
		paginationToken ? nextPage(ctx, 0, acs, paginationToken) : first,
	);
	const body = (response.body ?? {}) as IDataObject;
	const value = Array.isArray(body[listKey]) ? (body[listKey] as IDataObject[]) : [];
	return { value, nextLink: typeof body.nextLink === 'string' ? body.nextLink : undefined };
}

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.trim().toLowerCase();
	return texts.some((text) =>
		String(text ?? '')
			.toLowerCase()
			.includes(needle),
	);
}

function requireSibling(ctx: ILoadOptionsFunctions, name: string, label: string): string {
	const raw = ctx.getCurrentNodeParameter(name);
	const value = isResourceLocatorValue(raw) ? raw.value : raw;
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text || text.startsWith('=')) {
		throw new NodeOperationError(ctx.getNode(), `Enter the ${label} first`, {
			description: `The list depends on the ${label}; an expression is only known when the workflow runs.`,
		});
	}
	return text;
}

async function templatePage(ctx: ILoadOptionsFunctions, paginationToken?: string) {
	const channelId = requireSibling(ctx, 'channelRegistrationId', 'Channel Registration ID');
	return await fetchPage(
		ctx,
		'messages',
		{
			method: 'GET',
			path: ['messages', 'channels', channelId, 'templates'],
			query: { maxpagesize: PAGE_SIZE },
		},
		paginationToken,
	);
}

/** WhatsApp templates of the chosen channel, one entry per name with its languages and statuses. */
async function searchTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await templatePage(this, paginationToken);
	const byName = new Map<string, string[]>();
	for (const template of page.value) {
		const name = String(template.name ?? '');
		if (!name || !matches(filter, name)) continue;
		const variants = byName.get(name) ?? [];
		variants.push(`${String(template.language)}: ${String(template.status)}`);
		byName.set(name, variants);
	}
	const results = [...byName].map(([name, variants]) => ({
		name: `${name} (${variants.join(', ')})`,
		value: name,
	}));
	return listPage(results, page.nextLink);
}

/** The languages of the chosen template (Template Language's options). */
async function getTemplateLanguages(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const name = requireSibling(this, 'templateName', 'Template Name');
	const languages: INodePropertyOptions[] = [];
	let token: string | undefined;
	do {
		const page = await templatePage(this, token);
		for (const template of page.value) {
			if (template.name !== name) continue;
			languages.push({
				name: `${String(template.language)} (${String(template.status)})`,
				value: String(template.language),
			});
		}
		token = page.nextLink;
	} while (token);
	return languages;
}

/** The chat threads of the Chat User (or of the User Access Token's user), newest activity first. */
async function searchChatThreads(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await fetchPage(
		this,
		'chat',
		{ method: 'GET', path: ['chat', 'threads'], query: { maxPageSize: PAGE_SIZE } },
		paginationToken,
	);
	const results = page.value
		.filter((thread) => !thread.deletedOn && matches(filter, thread.topic, thread.id))
		.map((thread) => ({
			name: String(thread.topic || thread.id),
			value: String(thread.id),
		}));
	return listPage(results, page.nextLink);
}

type Capability = 'sms' | 'calling';

function phoneNumberSearch(capability: Capability) {
	return async function (
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const page = await fetchPage(
			this,
			'phoneNumbers',
			{ method: 'GET', path: ['phoneNumbers'], query: { top: PAGE_SIZE } },
			paginationToken,
			'phoneNumbers',
		);
		const results = page.value
			.filter((entry) => {
				const capabilities = (entry.capabilities ?? {}) as IDataObject;
				return (
					String(capabilities[capability] ?? '').includes('outbound') &&
					matches(filter, entry.phoneNumber)
				);
			})
			.map((entry) => ({
				name: `${String(entry.phoneNumber)} (${String(entry.phoneNumberType ?? 'number')}, ${String(entry.countryCode ?? '')})`,
				value: String(entry.phoneNumber),
			}));
		return listPage(results, page.nextLink);
	};
}

export const listSearch = {
	searchTemplates,
	searchChatThreads,
	searchSmsNumbers: phoneNumberSearch('sms'),
	searchCallingNumbers: phoneNumberSearch('calling'),
};

export const loadOptions = { getTemplateLanguages };
