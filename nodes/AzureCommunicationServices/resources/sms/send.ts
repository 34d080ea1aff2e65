import { randomUUID } from 'node:crypto';

import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions, readText } from '../../helpers';
import { readParameter } from '../../../../shared/parametersPerRun';
import { connectAcs, type Operation } from '../../transport';
import { fromProperties, readRecipients, readSender, toProperty } from './properties';

const MAX_MESSAGE_LENGTH = 2048;
const MIN_REPORT_TIMEOUT = 60;
const MAX_REPORT_TIMEOUT = 43200;

interface SendResult {
	to?: string;
	messageId?: string;
	httpStatusCode?: number;
	repeatabilityResult?: string;
	successful?: boolean;
	errorMessage?: string;
}

/**
 * POST /sms (202 with one result per recipient). Every recipient carries its own repeatabilityRequestId
 * and repeatabilityFirstSent in the body, made once per item before the first attempt and sent unchanged
 * on each retry, so ACS can tell a retry after a lost response from a new message and never sends twice.
 */
export const send: Operation = {
	option: {
		name: 'Send',
		action: 'Send an SMS',
		description:
			'Send a text message to up to 100 phone numbers from a number or alphanumeric sender ID of the resource',
	},
	properties: [
		...fromProperties(),
		toProperty,
		{
			displayName: 'Message',
			name: 'message',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			description: `The text of the message, at most ${MAX_MESSAGE_LENGTH} characters (long messages are sent in several segments)`,
		},
		acsOptions(ACS_API_VERSIONS.sms, [
			{
				displayName: 'Delivery Report',
				name: 'enableDeliveryReport',
				type: 'boolean',
				default: false,
				description:
					'Whether ACS reports delivery: as an SMS Delivery Report Received event (ACS Trigger) and through Get Delivery Report',
			},
			{
				displayName: 'Delivery Report Timeout (Seconds)',
				name: 'deliveryReportTimeoutInSeconds',
				type: 'number',
				typeOptions: { minValue: MIN_REPORT_TIMEOUT, maxValue: MAX_REPORT_TIMEOUT },
				default: 3600,
				description:
					'How long ACS waits for the delivery report from the carrier before it reports the message as expired (60 to 43200)',
			},
			{
				displayName: 'Tag',
				name: 'tag',
				type: 'string',
				default: '',
				placeholder: 'e.g. order-42',
				description: 'A label ACS returns in the delivery report, to match it to this message',
			},
		]),
	],
	async execute(ctx, itemIndex) {
		const from = readSender(ctx, itemIndex);
		const recipients = readRecipients(ctx, itemIndex);
		const message = readMessage(ctx, itemIndex);
		const smsSendOptions = readSendOptions(ctx, itemIndex);
		const firstSent = new Date().toUTCString();
		const body: IDataObject = {
			from,
			smsRecipients: recipients.map((to) => ({
				to,
				repeatabilityRequestId: randomUUID(),
				repeatabilityFirstSent: firstSent,
			})),
			message,
			smsSendOptions,
		};
		const acs = await connectAcs(ctx, itemIndex, 'sms');
		const response = await acs.request({
			method: 'POST',
			path: ['sms'],
			body,
			idempotencyKey: true,
			effect: 'the message may or may not have been sent',
		});
		const results = ((response.body as { value?: SendResult[] } | undefined)?.value ??
			[]) as SendResult[];
		const refused = results.filter((result) => result.successful !== true);
		if (refused.length > 0 && !ctx.continueOnFail()) {
			throw refusedError(ctx, itemIndex, results, refused);
		}
		return results.map((result) => ({
			json: {
				to: result.to,
				messageId: result.messageId ?? null,
				successful: result.successful === true,
				httpStatusCode: result.httpStatusCode,
				...(result.errorMessage !== undefined && { errorMessage: result.errorMessage }),
				...(result.repeatabilityResult !== undefined && {
					repeatabilityResult: result.repeatabilityResult,
				}),
			},
		}));
	},
};

function readMessage(ctx: IExecuteFunctions, itemIndex: number): string {
	const message = readText(ctx, itemIndex, 'message', 'Message');
	if (message.trim() === '')
		throw new NodeOperationError(ctx.getNode(), 'Message is empty', { itemIndex });
	if (message.length > MAX_MESSAGE_LENGTH) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Message is too long (${message.length} characters; at most ${MAX_MESSAGE_LENGTH})`,
			{ itemIndex, description: 'Shorten the message or split it over several messages.' },
		);
	}
	return message;
}

/** smsSendOptions as the SDK builds it: enableDeliveryReport always, then the optional fields. */
function readSendOptions(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const enableDeliveryReport = readParameter(ctx, 'options.enableDeliveryReport', itemIndex, false);
	if (typeof enableDeliveryReport !== 'boolean') {
		throw new NodeOperationError(ctx.getNode(), 'Delivery Report must be true or false', {
			itemIndex,
		});
	}
	const options: IDataObject = { enableDeliveryReport };
	const tag = readText(ctx, itemIndex, 'options.tag', 'Tag');
	if (tag !== '') options.tag = tag;
	const timeout = readParameter(ctx, 'options.deliveryReportTimeoutInSeconds', itemIndex, '');
	if (timeout !== undefined && timeout !== null && timeout !== '') {
		if (
			typeof timeout !== 'number' ||
			!Number.isInteger(timeout) ||
			timeout < MIN_REPORT_TIMEOUT ||
			timeout > MAX_REPORT_TIMEOUT
		) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Delivery Report Timeout (Seconds) must be a whole number from ${MIN_REPORT_TIMEOUT} to ${MAX_REPORT_TIMEOUT}, but it is ${JSON.stringify(timeout)}`,
				{ itemIndex },
			);
		}
		options.deliveryReportTimeoutInSeconds = timeout;
	}
	return options;
}

/** Some recipients were refused inside the 202; the others were sent and must not be sent again. */
function refusedError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	results: SendResult[],
	refused: SendResult[],
): NodeOperationError {
	const reasons = refused
		.map((r) => `${r.to} (${r.errorMessage ?? `HTTP ${r.httpStatusCode ?? '?'}`})`)
		.join(', ');
	const sent = results.filter((result) => result.successful === true);
	const sentText =
		sent.length === 0
			? 'No recipient was sent the message.'
			: `The other ${sent.length} recipient(s) WERE sent the message, so do not send it to them again: ${sent.map((r) => `${r.to} (message ID ${r.messageId})`).join(', ')}.`;
	return new NodeOperationError(
		ctx.getNode(),
		`SMS refused for ${refused.length} of ${results.length} recipient(s): ${reasons}`,
		{
			itemIndex,
			description: `${sentText} Turn on Continue On Fail to get one item per recipient (the refused ones with successful: false) instead of this error.`,
		},
	);
}
