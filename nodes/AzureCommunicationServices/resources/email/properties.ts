import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { readText } from '../../helpers';
import { readParameter } from '../../../../shared/parametersPerRun';

/** ACS takes at most this many recipients (To, CC and BCC together) in one email. */
export const MAX_RECIPIENTS = 50;

/** An email address as ACS takes it: `{address, displayName?}`. */
export interface EmailAddress {
	address: string;
	displayName?: string;
}

const LABEL = /[^\s@<>()[\],;:"\\.]+/.source;
/** local@domain, the domain with at least two labels; no quoting, comments or IP literals. */
const ADDRESS = new RegExp(`^[^\\s@<>()[\\],;:"\\\\]+@${LABEL}(?:\\.${LABEL})+$`);
/** `Display Name <address>`, the name optionally in double quotes. */
const NAMED_ADDRESS = /^(.*?)\s*<([^<>]*)>$/;

export function isEmailAddress(value: string): boolean {
	return ADDRESS.test(value);
}

/** An address-list parameter: a text of addresses, or a list of them from an expression. */
export function addressListProperty(
	displayName: string,
	name: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		placeholder: 'e.g. Jane Doe <jane@fabrikam.com>, info@fabrikam.com',
		description: `${description}: addresses separated by commas, semicolons or line breaks, each an address or a name followed by the address in angle brackets, or a list from an expression (of addresses or {address, displayName} objects)`,
	};
}

/** The entries of a typed list: split at commas, semicolons and line breaks outside double quotes. */
function splitAddresses(text: string): string[] {
	const entries: string[] = [];
	let current = '';
	let quoted = false;
	for (const char of text) {
		if (char === '"') quoted = !quoted;
		if (!quoted && (char === ',' || char === ';' || char === '\n' || char === '\r')) {
			entries.push(current);
			current = '';
		} else current += char;
	}
	entries.push(current);
	return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

function parseEntry(entry: unknown): EmailAddress | undefined {
	if (typeof entry === 'string') {
		const named = NAMED_ADDRESS.exec(entry.trim());
		if (!named) return { address: entry.trim() };
		const displayName = named[1].replace(/^"(.*)"$/, '$1').trim();
		return { address: named[2].trim(), ...(displayName !== '' && { displayName }) };
	}
	if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
		const { address, displayName } = entry as Record<string, unknown>;
		if (typeof address !== 'string') return undefined;
		if (displayName !== undefined && displayName !== null && typeof displayName !== 'string')
			return undefined;
		return { address: address.trim(), ...(displayName && { displayName }) };
	}
	return undefined;
}

/**
 * An address list (To, CC, BCC, Reply To): a text separated by commas, semicolons or line breaks, or
 * a list from an expression of texts or `{address, displayName}` objects; each text an address or
 * `Display Name <address>`. Every address is checked, naming the field and the value.
 */
export function readAddressList(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
): EmailAddress[] {
	const value = readParameter(ctx, parameter, itemIndex, '');
	const entries: unknown[] = Array.isArray(value)
		? value
		: typeof value === 'string'
			? splitAddresses(value)
			: [value];
	const addresses: EmailAddress[] = [];
	for (const entry of entries) {
		if (typeof entry === 'string' && entry.trim() === '') continue;
		const parsed = parseEntry(entry);
		if (!parsed || !isEmailAddress(parsed.address)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${label} ${JSON.stringify(typeof entry === 'string' ? entry.trim() : (parsed?.address ?? entry)) ?? String(entry)} is not an email address`,
				{
					itemIndex,
					description:
						'Enter email addresses such as jane@fabrikam.com or Jane Doe <jane@fabrikam.com>, separated by commas, semicolons or line breaks, or a list of them (or of {address, displayName} objects) from an expression.',
				},
			);
		}
		addresses.push(parsed);
	}
	return addresses;
}

/** The recipients: at least one in To, at most 50 in To, CC and BCC together. */
export function readRecipients(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { to: EmailAddress[]; cc: EmailAddress[]; bcc: EmailAddress[] } {
	const to = readAddressList(ctx, itemIndex, 'to', 'To');
	if (to.length === 0) throw new NodeOperationError(ctx.getNode(), 'To is empty', { itemIndex });
	const cc = readAddressList(ctx, itemIndex, 'options.cc', 'CC');
	const bcc = readAddressList(ctx, itemIndex, 'options.bcc', 'BCC');
	const count = to.length + cc.length + bcc.length;
	if (count > MAX_RECIPIENTS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`To, CC and BCC have ${count} recipients together; at most ${MAX_RECIPIENTS} are allowed`,
			{
				itemIndex,
				description: `ACS sends one email to at most ${MAX_RECIPIENTS} recipients. Split them over several items (e.g. with a Split Out or Loop Over Items node).`,
			},
		);
	}
	return { to, cc, bcc };
}

/** The sender: one address on a verified domain of the resource (ACS checks the domain). */
export function readSenderAddress(ctx: IExecuteFunctions, itemIndex: number): string {
	const sender = readText(ctx, itemIndex, 'senderAddress', 'Sender Address').trim();
	if (sender === '')
		throw new NodeOperationError(ctx.getNode(), 'Sender Address is empty', { itemIndex });
	if (!isEmailAddress(sender)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Sender Address "${sender}" is not an email address`,
			{
				itemIndex,
				description:
					'Enter one address on a domain connected to the Communication Services resource, without a display name, e.g. DoNotReply@contoso.com.',
			},
		);
	}
	return sender;
}
