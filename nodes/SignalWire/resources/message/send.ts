import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { optionsCollection, readMediaUrl, readPhoneNumber, readText } from '../../helpers';
import { fromProperties, readFrom } from '../../sender';
import { connectSignalWire, type Operation } from '../../transport';

/** SignalWire's limits on one message: MediaUrl may repeat 8 times, Body holds 1600 characters. */
const MAX_MEDIA_URLS = 8;
const MAX_BODY_CHARACTERS = 1600;
const MAX_VALIDITY_PERIOD_S = 172_800;

/**
 * POST …/Messages.json, form-encoded (201, the message resource). SignalWire has no idempotency key,
 * so a send whose response may have been lost is not repeated (the transport's rule for every POST).
 */
export const send: Operation = {
	option: {
		name: 'Send',
		action: 'Send an SMS or MMS',
		description:
			'Send a text message (SMS) or, with media URLs, a multimedia message (MMS) from one of your SignalWire numbers',
	},
	properties: [
		...fromProperties({
			searchListMethod: 'searchSmsNumbers',
			textDescription:
				'Your SignalWire phone number to send from, in E.164 form. In a reply, the "To" of the inbound message.',
			description:
				'Your SignalWire number to send from: pick one of the project\'s numbers that can send SMS (search by part of the number or by its whole friendly name), or enter it in E.164 form. In a reply, the "To" of the inbound message.',
		}),
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +15557654321',
			description:
				'The phone number to send to, in E.164 form. In a reply, the "From" of the inbound message.',
		},
		{
			displayName: 'Body',
			name: 'body',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			description: 'The text of the message (at most 1600 characters); may be empty with media',
		},
		{
			displayName: 'Media URLs',
			name: 'mediaUrls',
			type: 'string',
			typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Media URL' },
			default: [],
			placeholder: 'https://example.com/photo.jpg',
			description:
				'Public https URLs of up to 8 files to send as an MMS; SignalWire downloads them from there',
		},
		optionsCollection([
			{
				displayName: 'Status Callback',
				name: 'statusCallback',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/signalwire/status',
				description:
					'URL SignalWire calls when the message status changes (queued, sent, delivered, failed, …)',
			},
			{
				displayName: 'Validity Period (Seconds)',
				name: 'validityPeriod',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_VALIDITY_PERIOD_S },
				default: 14400,
				description:
					'How long the message may wait in the queue before it is dropped (1 to 172800 seconds)',
			},
		]),
	],
	async execute(ctx, itemIndex) {
		const from = readFrom(ctx, itemIndex);
		const to = readPhoneNumber(ctx, itemIndex, 'to', 'To');
		const body = readText(ctx, itemIndex, 'body', 'Body');
		const mediaUrls = readMediaUrls(ctx, itemIndex);
		if (body.trim() === '' && mediaUrls.length === 0) {
			throw new NodeOperationError(ctx.getNode(), 'Body is empty and there are no Media URLs', {
				itemIndex,
				description: 'Enter a Body, add Media URLs, or both.',
			});
		}
		if ([...body].length > MAX_BODY_CHARACTERS) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Body is too long (${[...body].length} characters; at most ${MAX_BODY_CHARACTERS})`,
				{ itemIndex, description: 'Shorten the text or split it into several messages.' },
			);
		}
		// In the official client's order, so the two send the same bytes.
		const form = {
			To: to,
			From: from,
			Body: body === '' ? undefined : body,
			MediaUrl: mediaUrls,
			...readSendOptions(ctx, itemIndex),
		};
		const signalWire = await connectSignalWire(ctx, itemIndex);
		const response = await signalWire.request({
			method: 'POST',
			path: ['Messages'],
			suffix: '.json',
			form,
			effect: 'the message may or may not have been sent',
		});
		return [{ json: response.body as IDataObject }];
	},
};

/** The Media URLs as a list: the editor's list, or a list or comma-separated text from an expression. */
function readMediaUrls(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const value = ctx.getNodeParameter('mediaUrls', itemIndex, []) as unknown;
	const entries = Array.isArray(value)
		? (value as unknown[])
		: typeof value === 'string'
			? value.split(/[\n,]/)
			: [value];
	const urls = entries.filter((entry) => !(typeof entry === 'string' && entry.trim() === ''));
	if (urls.length > MAX_MEDIA_URLS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Media URLs has ${urls.length} entries; a message takes at most ${MAX_MEDIA_URLS}`,
			{ itemIndex, description: 'Remove some Media URLs or send them in several messages.' },
		);
	}
	return urls.map((url, index) =>
		readMediaUrl(ctx, itemIndex, url, `Media URL ${index + 1}`, 'SignalWire'),
	);
}

function readSendOptions(ctx: IExecuteFunctions, itemIndex: number): Record<string, string> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const fields: Record<string, string> = {};
	if (typeof options.statusCallback === 'string' && options.statusCallback.trim() !== '') {
		const callback = options.statusCallback.trim();
		if (!/^https?:\/\/[^\s/]+/i.test(callback)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Status Callback "${callback}" is not an http(s) URL`,
				{
					itemIndex,
					description: 'Enter the full URL, e.g. the production URL of an n8n Webhook node.',
				},
			);
		}
		fields.StatusCallback = callback;
	}
	if (options.validityPeriod !== undefined) {
		const seconds = Number(options.validityPeriod);
		if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_VALIDITY_PERIOD_S) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Validity Period "${String(options.validityPeriod)}" must be a whole number of seconds from 1 to ${MAX_VALIDITY_PERIOD_S}`,
				{ itemIndex },
			);
		}
		fields.ValidityPeriod = String(seconds);
	}
	return fields;
}
