import { randomUUID } from 'node:crypto';

import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions, readText } from '../../helpers';
import { readApiVersion } from '../../../../shared/acs/apiVersion';
import { askBeforeResending } from '../../../../shared/http/askBeforeResending';
import { readParameter } from '../../../../shared/parametersPerRun';
import { readReliability } from '../../../../shared/reliability';
import { connectAcs, type Operation } from '../../transport';
import { attachmentOptions, withAttachments } from './attachments';
import {
	addressListProperty,
	MAX_RECIPIENTS,
	readAddressList,
	readRecipients,
	readSenderAddress,
} from './properties';
import { findSendStatus, isTerminal, sendStatusOf, waitForCompletion } from './status';

const DEFAULT_WAIT_TIMEOUT_SECONDS = 300;

const contentProperties: INodeProperties[] = [
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Your order has shipped',
	},
	{
		displayName: 'Email Format',
		name: 'emailFormat',
		type: 'options',
		options: [
			{ name: 'Text', value: 'text', description: 'Send the email as plain text' },
			{ name: 'HTML', value: 'html', description: 'Send the email as HTML' },
			{
				name: 'Both',
				value: 'both',
				description: "Send both versions; the recipient's email client chooses which to show",
			},
		],
		default: 'text',
	},
	{
		displayName: 'Text',
		name: 'plainText',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		description: 'The plain-text body of the email',
		displayOptions: { show: { emailFormat: ['text', 'both'] } },
	},
	{
		displayName: 'HTML',
		name: 'html',
		type: 'string',
		typeOptions: { rows: 5, editor: 'htmlEditor' },
		default: '',
		description: 'The HTML body of the email',
		displayOptions: { show: { emailFormat: ['html', 'both'] } },
	},
];

const sendOptions: INodeProperties[] = [
	addressListProperty('CC', 'cc', 'Recipients who get a copy'),
	addressListProperty('BCC', 'bcc', 'Recipients who get a copy the others do not see'),
	addressListProperty('Reply To', 'replyTo', 'Where replies go instead of the sender address'),
	...attachmentOptions,
	{
		displayName: 'Custom Headers',
		name: 'headers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Header',
		default: {},
		description: 'Email headers to add to the message, e.g. x-priority',
		options: [
			{
				displayName: 'Header',
				name: 'header',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. x-priority',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. 1',
					},
				],
			},
		],
	},
	{
		displayName: 'Disable Engagement Tracking',
		name: 'userEngagementTrackingDisabled',
		type: 'boolean',
		default: false,
		description:
			'Whether to turn off open and click tracking for this email, when the domain has engagement tracking on',
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until ACS has finished sending (Succeeded or Failed) before the node outputs the item. Off: the item carries the status at once (Running), and Get Send Status tells the outcome later.',
	},
	{
		displayName: 'Wait Timeout (Seconds)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_WAIT_TIMEOUT_SECONDS,
		description:
			'How long to wait for completion. When it passes, the item carries the status last seen (the email was accepted and may still be sent); use Get Send Status with its ID to learn the outcome.',
	},
];

/**
 * POST /emails:send (202 with a long-running operation), then, by default, its status polled until ACS
 * has finished. The Operation-Id header is made once per item; ACS is not documented to deduplicate on
 * it, so a send whose answer was lost is looked up under that ID before it is sent again.
 */
export const send: Operation = {
	option: {
		name: 'Send',
		action: 'Send an email',
		description: `Send an email to up to ${MAX_RECIPIENTS} recipients from a sender address on a verified domain, with attachments`,
	},
	properties: [
		{
			displayName: 'Sender Address',
			name: 'senderAddress',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. DoNotReply@contoso.com',
			description:
				'An address on a domain connected to this Communication Services resource: the Azure-managed domain or a verified custom domain, with a sender username set up for it',
		},
		{ ...addressListProperty('To', 'to', 'The recipients'), required: true },
		...contentProperties,
		acsOptions(ACS_API_VERSIONS.email, sendOptions),
	],
	async execute(ctx, itemIndex) {
		const apiVersion = readApiVersion(ctx, itemIndex, ACS_API_VERSIONS.email);
		const body = await withAttachments(
			ctx,
			itemIndex,
			apiVersion,
			message(ctx, itemIndex, readHeaders(ctx, itemIndex)),
		);
		const waitOptions = readWaitOptions(ctx, itemIndex);
		const acs = await connectAcs(ctx, itemIndex, 'email');
		const operationId = randomUUID();
		const accepted = await askBeforeResending({
			send: async () =>
				await acs.request({
					method: 'POST',
					path: ['emails'],
					suffix: ':send',
					headers: { 'Operation-Id': operationId },
					body,
					effect: 'the email may or may not have been sent',
				}),
			lookup: async () => await findSendStatus(acs, operationId),
			maxResends: readReliability(ctx, itemIndex).maxRetries,
			unresolved: `Whether the email was sent is unknown: check with Get Send Status (operation ID ${operationId}) before sending it again.`,
		});
		const status = waitOptions.wait
			? await waitForCompletion(acs, accepted, waitOptions.timeoutMs)
			: sendStatusOf(accepted.body);
		if (isTerminal(status) && status.status !== 'Succeeded' && !ctx.continueOnFail()) {
			const error = (status.error ?? {}) as IDataObject;
			throw new NodeOperationError(
				ctx.getNode(),
				`The email was not sent: ACS reports ${String(status.status)} with ${String(error.code ?? 'no error code')}: ${String(error.message ?? 'no message')}`,
				{
					itemIndex,
					description: `Operation ID ${String(status.id)}. Turn on Continue On Fail to get the status as an item instead of this error.`,
				},
			);
		}
		return [{ json: status }];
	},
};

/** The message in the SDK's field order, with the attachments it is given. */
function message(
	ctx: IExecuteFunctions,
	itemIndex: number,
	headers: IDataObject | undefined,
): (attachments: IDataObject[] | undefined) => IDataObject {
	const senderAddress = readSenderAddress(ctx, itemIndex);
	const content = readContent(ctx, itemIndex);
	const { to, cc, bcc } = readRecipients(ctx, itemIndex);
	const replyTo = readAddressList(ctx, itemIndex, 'options.replyTo', 'Reply To');
	const tracking = readParameter(ctx, 'options.userEngagementTrackingDisabled', itemIndex, '');
	const recipients: IDataObject = {
		to,
		...(cc.length > 0 && { cc }),
		...(bcc.length > 0 && { bcc }),
	};
	return (attachments) => ({
		...(headers && { headers }),
		senderAddress,
		content,
		recipients,
		...(attachments && { attachments }),
		...(replyTo.length > 0 && { replyTo }),
		...(typeof tracking === 'boolean' && { userEngagementTrackingDisabled: tracking }),
	});
}

function readContent(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const subject = readText(ctx, itemIndex, 'subject', 'Subject');
	if (subject.trim() === '')
		throw new NodeOperationError(ctx.getNode(), 'Subject is empty', { itemIndex });
	const format = readParameter(ctx, 'emailFormat', itemIndex, 'text');
	const plainText = format === 'html' ? '' : readText(ctx, itemIndex, 'plainText', 'Text');
	const html = format === 'text' ? '' : readText(ctx, itemIndex, 'html', 'HTML');
	const hasText = plainText.trim() !== '';
	const hasHtml = html.trim() !== '';
	if (!hasText && !hasHtml) {
		const empty =
			format === 'both' ? 'Text and HTML are both' : format === 'html' ? 'HTML is' : 'Text is';
		throw new NodeOperationError(ctx.getNode(), `${empty} empty`, {
			itemIndex,
			description: 'An email needs a body: enter the text or HTML to send.',
		});
	}
	return { subject, ...(hasText && { plainText }), ...(hasHtml && { html }) };
}

function readHeaders(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const { header = [] } = readParameter(ctx, 'options.headers', itemIndex, {}) as {
		header?: Array<{ name?: unknown; value?: unknown }>;
	};
	if (header.length === 0) return undefined;
	const headers: IDataObject = {};
	for (const { name, value } of header) {
		const headerName = String(name ?? '').trim();
		if (!/^[!-9;-~]+$/.test(headerName)) {
			throw new NodeOperationError(
				ctx.getNode(),
				headerName === ''
					? 'Custom Headers: a header name is empty'
					: `Custom Headers: "${headerName}" is not a header name`,
				{ itemIndex, description: 'A header name is letters, digits and dashes, e.g. x-priority.' },
			);
		}
		headers[headerName] = String(value ?? '');
	}
	return headers;
}

function readWaitOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { wait: boolean; timeoutMs: number } {
	const wait = readParameter(ctx, 'options.waitForCompletion', itemIndex, true);
	const timeout = readParameter(
		ctx,
		'options.waitTimeout',
		itemIndex,
		DEFAULT_WAIT_TIMEOUT_SECONDS,
	);
	if (typeof wait !== 'boolean')
		throw new NodeOperationError(ctx.getNode(), 'Wait for Completion must be true or false', {
			itemIndex,
		});
	if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Wait Timeout (Seconds) must be a number of seconds from 0, but it is ${JSON.stringify(timeout)}`,
			{ itemIndex },
		);
	}
	return { wait, timeoutMs: timeout * 1000 };
}
