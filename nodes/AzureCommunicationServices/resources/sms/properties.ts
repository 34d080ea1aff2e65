import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import {
	ACS_API_VERSIONS,
	acsOptions,
	changedInVersion,
	isE164,
	readText,
	resourceLocator,
	splitList,
} from '../../helpers';
import { readParameter } from '../../../../shared/parametersPerRun';
import { connectAcs, type Operation } from '../../transport';

/** ACS takes at most this many recipients in one send or opt-out request. */
export const MAX_RECIPIENTS = 100;

/** An alphanumeric sender ID: 1–11 letters, digits or spaces, at least one letter. */
const ALPHANUMERIC_SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
/** A US short code, which ACS takes as its 5 or 6 digits without a + or country code. */
const SHORT_CODE = /^\d{5,6}$/;

const FROM_DESCRIPTION =
	'A phone number of this Communication Services resource in E.164 form, a short code of it (its 5 or 6 digits), or an alphanumeric sender ID registered for it (1–11 letters, digits or spaces, e.g. CONTOSO)';

/** From version 2 a picker listing the resource's numbers that can send SMS; By ID takes the other forms. */
export function fromProperties(description = FROM_DESCRIPTION): INodeProperties[] {
	return changedInVersion(
		2,
		{
			displayName: 'From',
			name: 'from',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +18005550123',
			description,
		},
		resourceLocator({
			displayName: 'From',
			name: 'from',
			description: `${description}. The list shows the resource's numbers that can send SMS.`,
			searchListMethod: 'searchSmsNumbers',
			listPlaceholder: 'Select a number…',
			id: { placeholder: 'e.g. +18005550123 or CONTOSO' },
		}),
	);
}

export const toProperty: INodeProperties = {
	displayName: 'To',
	name: 'to',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. +14255550123, +14255550124',
	description: `The phone numbers in E.164 form, separated by commas, semicolons or line breaks, or a list from an expression (1 to ${MAX_RECIPIENTS})`,
};

/** The sender: a phone number in E.164 form, a short code or an alphanumeric sender ID. */
export function readSender(ctx: IExecuteFunctions, itemIndex: number): string {
	const from = readText(ctx, itemIndex, 'from', 'From').trim();
	const fail = (problem: string) =>
		new NodeOperationError(ctx.getNode(), `From ${problem}`, {
			itemIndex,
			description:
				'Enter a phone number of the resource in E.164 form (a + followed by the country code and number, without spaces, e.g. +18005550123), a short code as its 5 or 6 digits (e.g. 12345), or an alphanumeric sender ID of 1 to 11 letters, digits or spaces with at least one letter (e.g. CONTOSO).',
		});
	if (from === '') throw fail('is empty');
	const valid = from.startsWith('+')
		? isE164(from)
		: SHORT_CODE.test(from) || ALPHANUMERIC_SENDER_ID.test(from);
	if (!valid)
		throw fail(
			`"${from}" is neither a phone number in E.164 form, a short code nor an alphanumeric sender ID`,
		);
	return from;
}

/**
 * The recipients: a list (from an expression) or a text separated by commas, semicolons or line
 * breaks; each one a phone number in E.164 form, 1 to 100 of them.
 */
export function readRecipients(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const value = readParameter(ctx, 'to', itemIndex, '');
	const fail = (problem: string, description?: string) =>
		new NodeOperationError(ctx.getNode(), `To ${problem}`, {
			itemIndex,
			description:
				description ??
				'Enter phone numbers in E.164 form (a + followed by the country code and number, without spaces, e.g. +14255550123), separated by commas, semicolons or line breaks, or a list of them from an expression.',
		});
	const entries: unknown[] = Array.isArray(value)
		? value
		: typeof value === 'string'
			? splitList(value)
			: [value];
	const recipients: string[] = [];
	for (const entry of entries) {
		const text = typeof entry === 'string' ? entry.trim() : undefined;
		if (text === '') continue;
		if (text === undefined || !isE164(text))
			throw fail(
				`${JSON.stringify(text ?? entry) ?? String(entry)} is not a phone number in E.164 form`,
			);
		recipients.push(text);
	}
	if (recipients.length === 0) throw fail('is empty');
	if (recipients.length > MAX_RECIPIENTS) {
		throw fail(
			`has ${recipients.length} phone numbers; at most ${MAX_RECIPIENTS} are allowed`,
			`ACS takes at most ${MAX_RECIPIENTS} recipients in one request. Split the list over several items (e.g. with a Split Out or Loop Over Items node).`,
		);
	}
	return recipients;
}

/** POST /sms/optouts:{action} `{from, recipients:[{to}]}` → one item per recipient. */
export function optOutOperation(
	action: 'add' | 'remove' | 'check',
	option: Operation['option'],
): Operation {
	return {
		option,
		properties: [
			...fromProperties(
				'The phone number of this Communication Services resource the opt-outs apply to, in E.164 form, or its alphanumeric sender ID',
			),
			toProperty,
			acsOptions(ACS_API_VERSIONS.sms),
		],
		async execute(ctx, itemIndex) {
			const from = readSender(ctx, itemIndex);
			const recipients = readRecipients(ctx, itemIndex);
			const acs = await connectAcs(ctx, itemIndex, 'sms');
			const response = await acs.request({
				method: 'POST',
				path: ['sms', 'optouts'],
				suffix: `:${action}`,
				body: { from, recipients: recipients.map((to) => ({ to })) },
				// Adding, removing and checking an opt-out give the same result when repeated.
				idempotencyKey: true,
			});
			const value = (response.body as { value?: IDataObject[] } | undefined)?.value ?? [];
			return value.map((entry) => {
				const { to, httpStatusCode, isOptedOut, errorMessage } = entry as IDataObject;
				return {
					json: {
						to,
						httpStatusCode,
						...(isOptedOut !== undefined && { isOptedOut }),
						...(errorMessage !== undefined && { errorMessage }),
					},
				};
			});
		},
	};
}
