import {
	NodeApiError,
	NodeOperationError,
	type ILoadOptionsFunctions,
	type INodeListSearchResult,
} from 'n8n-workflow';

import { foreignOriginProblem } from '../endpoint';
import type { RequestInput } from '../http/connection';
import { listPage } from '../resourceLocator';
import { isE164 } from '../validation';
import { connectSignalWireForList, type SignalWireConnection } from './connect';

/**
 * The lists of the SignalWire pickers: one page of the Compatibility API per call, the page's
 * next_page_uri as the token for the next one, and the search done by SignalWire's own filters.
 */

const PAGE_SIZE = 50;
const BODY_PREVIEW_CHARACTERS = 40;

interface IncomingNumber {
	phone_number?: string;
	friendly_name?: string;
	capabilities?: Record<string, unknown>;
}

interface Message {
	sid?: string;
	from?: string;
	to?: string;
	body?: string | null;
	date_sent?: string | null;
	date_created?: string | null;
}

type Capability = 'sms' | 'voice';

/** A token without the scope a list needs is refused with 401 (or 403); say which scope, not just "401". */
function listError(
	ctx: ILoadOptionsFunctions,
	scope: string,
	error: unknown,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError && (error.httpCode === '401' || error.httpCode === '403')) {
		return new NodeOperationError(
			ctx.getNode(),
			`The API token lacks the ${scope} scope: ${error.message}`,
			{
				description: `Give the API token the ${scope} scope in the SignalWire Dashboard (API > Tokens), or check the credential's Project ID and token. You can also switch to By ID and enter the value.`,
			},
		);
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error);
}

async function listRequest<T>(
	ctx: ILoadOptionsFunctions,
	scope: string,
	send: (connection: SignalWireConnection) => Promise<T>,
): Promise<T> {
	const connection = await connectSignalWireForList(ctx);
	try {
		return await send(connection);
	} catch (error) {
		throw listError(ctx, scope, error);
	}
}

/** The first page, or the one a page's next_page_uri names (only on the space's own origin). */
function pageRequest(
	ctx: ILoadOptionsFunctions,
	connection: SignalWireConnection,
	paginationToken: string | undefined,
	first: RequestInput,
): RequestInput {
	if (!paginationToken) return first;
	const url = new URL(paginationToken, connection.origin).href;
	const problem = foreignOriginProblem(url, connection.origin, 'The next page link');
	if (problem) throw new NodeOperationError(ctx.getNode(), problem);
	return { method: 'GET', url };
}

/** Capability keys are lower case in IncomingPhoneNumbers (`sms`) and upper case in other lists (`SMS`). */
function hasCapability(number: IncomingNumber, capability: Capability): boolean {
	return Object.entries(number.capabilities ?? {}).some(
		([key, value]) => key.toLowerCase() === capability && value === true,
	);
}

/**
 * The filter as SignalWire's own: text that looks like a phone number is the PhoneNumber filter, a
 * whole number in E.164 form as is (an exact match), part of one as its digits (the Compatibility
 * API's pattern, which matches part of a number); anything else is a FriendlyName, which must match
 * whole.
 */
function numberFilter(filter: string | undefined): Record<string, string> {
	const text = filter?.trim() ?? '';
	if (text === '') return {};
	if (!/^\+?[\d\s().*-]+$/.test(text)) return { FriendlyName: text };
	const digits = text.replace(/[^\d*]/g, '');
	return { PhoneNumber: text.startsWith('+') && isE164(`+${digits}`) ? `+${digits}` : digits };
}

async function searchNumbers(
	ctx: ILoadOptionsFunctions,
	capability: Capability,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const body = await listRequest(ctx, 'Numbers', async (connection) => {
		const response = await connection.request(
			pageRequest(ctx, connection, paginationToken, {
				method: 'GET',
				path: ['IncomingPhoneNumbers'],
				suffix: '.json',
				query: { ...numberFilter(filter), PageSize: PAGE_SIZE },
			}),
		);
		return response.body as { incoming_phone_numbers?: IncomingNumber[]; next_page_uri?: unknown };
	});
	const results = (body.incoming_phone_numbers ?? [])
		.filter((number) => typeof number.phone_number === 'string')
		.filter((number) => hasCapability(number, capability))
		.map((number) => ({
			name: number.friendly_name
				? `${number.friendly_name} (${number.phone_number})`
				: number.phone_number!,
			value: number.phone_number!,
		}));
	return listPage(results, body.next_page_uri);
}

/** `Thu, 01 May 2025 09:00:00 +0000` → `2025-05-01 09:00` (UTC), so a list of them reads in order. */
function shortDate(date: string | null | undefined): string {
	const time = date ? Date.parse(date) : NaN;
	return Number.isNaN(time) ? '' : new Date(time).toISOString().slice(0, 16).replace('T', ' ');
}

function preview(body: string | null | undefined): string {
	const text = (body ?? '').replace(/\s+/g, ' ').trim();
	const characters = [...text];
	if (characters.length === 0) return '(no text)';
	return characters.length > BODY_PREVIEW_CHARACTERS
		? `${characters.slice(0, BODY_PREVIEW_CHARACTERS).join('')}…`
		: text;
}

/** Sending-capable numbers of the project for a message's From. */
export async function searchSmsNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchNumbers(this, 'sms', filter, paginationToken);
}

/** Voice-capable numbers of the project for a call's From. */
export async function searchVoiceNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchNumbers(this, 'voice', filter, paginationToken);
}

/**
 * The project's messages, newest first. SignalWire filters messages only by exact To or From, so a
 * search is a phone number in E.164 form: the messages sent to it. Other text does not filter.
 */
export async function searchMessages(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const to = filter?.replace(/[\s().-]/g, '') ?? '';
	const body = await listRequest(this, 'Messaging', async (connection) => {
		const response = await connection.request(
			pageRequest(this, connection, paginationToken, {
				method: 'GET',
				path: ['Messages'],
				suffix: '.json',
				query: { ...(isE164(to) && { To: to }), PageSize: PAGE_SIZE },
			}),
		);
		return response.body as { messages?: Message[]; next_page_uri?: unknown };
	});
	const results = (body.messages ?? [])
		.filter((message) => typeof message.sid === 'string')
		.map((message) => ({
			name: `${shortDate(message.date_sent ?? message.date_created)} ${message.from ?? '?'} → ${message.to ?? '?'}: ${preview(message.body)}`.trim(),
			value: message.sid!,
		}));
	return listPage(results, body.next_page_uri);
}

/** `methods.listSearch` of the SignalWire nodes. */
export const signalWireListSearch = { searchSmsNumbers, searchVoiceNumbers, searchMessages };
