import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { cxmlProblem } from '../../../../shared/signalwire/cxml';
import { readId, readPhoneNumber, readText } from '../../helpers';

export const callSidProperty: INodeProperties = {
	displayName: 'Call SID',
	name: 'callSid',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 2ab6b1a6-1b68-4ff1-8b04-c4d0a5b1d0b4',
	description: 'The SID of the call (the sid returned by Create, or CallSid in a call webhook)',
};

export function readCallSid(ctx: IExecuteFunctions, itemIndex: number): string {
	return readId(ctx, itemIndex, 'callSid', 'Call SID');
}

/** Where SignalWire sends requests (cXML fetches, callbacks): an absolute http(s) URL. */
export function readWebhookUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
): string {
	const text = readText(ctx, itemIndex, parameter, label).trim();
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || !['http:', 'https:'].includes(url.protocol) || url.hostname === '') {
		throw new NodeOperationError(
			ctx.getNode(),
			text === '' ? `${label} is empty` : `${label} "${text}" is not an http(s) URL`,
			{
				itemIndex,
				description:
					'Enter the full URL SignalWire should call, e.g. the production URL of an n8n Webhook node.',
			},
		);
	}
	return text;
}

/** A number to call (E.164) or a SIP address (`sip:user@host`). */
export function readCallTarget(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
): string {
	const text = readText(ctx, itemIndex, parameter, label).trim();
	if (/^sips?:/i.test(text)) {
		if (!/^sips?:[^\s@<>"]+@[^\s@<>"]+$/i.test(text)) {
			throw new NodeOperationError(ctx.getNode(), `${label} "${text}" is not a SIP address`, {
				itemIndex,
				description:
					'Enter a SIP address as sip:user@host, e.g. sip:alice@example.sip.signalwire.com.',
			});
		}
		return text;
	}
	return readPhoneNumber(ctx, itemIndex, parameter, label);
}

/** A cXML document written by the user, refused before the call when SignalWire could not run it. */
export function readCxmlDocument(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
): string {
	const document = readText(ctx, itemIndex, parameter, label).trim();
	const problem = document === '' ? 'it is empty' : cxmlProblem(document);
	if (problem) {
		throw new NodeOperationError(ctx.getNode(), `${label} is not valid cXML: ${problem}`, {
			itemIndex,
			description:
				'Enter one well-formed XML document with a <Response> root, e.g. <Response><Say>Hello</Say></Response>. Escape & and < in text as &amp; and &lt;.',
		});
	}
	return document;
}

export const cxmlProperty = (name: string, description: string): INodeProperties => ({
	displayName: 'cXML',
	name,
	type: 'string',
	typeOptions: { rows: 6 },
	required: true,
	default: '',
	placeholder: 'e.g. <Response><Say>Hello</Say></Response>',
	description,
});

export const urlProperties = (what: string): INodeProperties[] => [
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://example.com/voice',
		description: `URL that answers with the cXML ${what}, e.g. the production URL of an n8n Webhook node`,
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: [
			{ name: 'POST', value: 'POST' },
			{ name: 'GET', value: 'GET' },
		],
		default: 'POST',
		description: 'How SignalWire requests the URL',
	},
];
