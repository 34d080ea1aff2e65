import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import {
	ACS_API_VERSIONS,
	acsOptions,
	readId,
	readMediaUrl,
	readPhoneNumber,
	readText,
	repeatabilityHeaders,
} from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import { channelRegistrationIdProperty } from './channelRegistrationId';
import { templateProperties } from './template';
import { readTemplateParameters, templateValuesProperty } from './templateValues';

const MEDIA_TYPES = ['image', 'document', 'video', 'audio'];
const CAPTIONED = ['image', 'document', 'video'];

/**
 * POST /messages/notifications:send (202 with one receipt per recipient). Every item carries its own
 * Repeatability-Request-ID and Repeatability-First-Sent, the same on each retry, so ACS can tell a
 * retry after a lost response from a new message and never sends it twice.
 */
export const send: Operation = {
	option: {
		name: 'Send',
		action: 'Send a WhatsApp message',
		description:
			'Send a WhatsApp text, image, document, video, audio or template message to one phone number. Free-form messages reach only people who wrote in the last 24 hours; use a template otherwise.',
	},
	properties: [
		channelRegistrationIdProperty,
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +14255550123',
			description:
				'The WhatsApp phone number to send to, in E.164 form. In a reply, the "from" field of the received event.',
		},
		{
			displayName: 'Message Type',
			name: 'messageType',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Audio', value: 'audio', description: 'An audio file by URL' },
				{
					name: 'Document',
					value: 'document',
					description: 'A document (e.g. PDF) by URL, with a caption and file name',
				},
				{ name: 'Image', value: 'image', description: 'An image by URL, with a caption' },
				{
					name: 'Template',
					value: 'template',
					description: 'An approved template; the only kind allowed outside the 24-hour window',
				},
				{ name: 'Text', value: 'text', description: 'A text message' },
				{ name: 'Video', value: 'video', description: 'A video by URL, with a caption' },
			],
			default: 'text',
		},
		{
			displayName: 'Content',
			name: 'content',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			description: 'The text of the message',
			displayOptions: { show: { messageType: ['text'] } },
		},
		{
			displayName: 'Media URL',
			name: 'mediaUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://example.com/photo.jpg',
			description:
				'Public https URL of the file; WhatsApp downloads it from there (ACS has no upload)',
			displayOptions: { show: { messageType: MEDIA_TYPES } },
		},
		{
			displayName: 'Caption',
			name: 'caption',
			type: 'string',
			default: '',
			description: 'Text shown with the media',
			displayOptions: { show: { messageType: CAPTIONED } },
		},
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. invoice.pdf',
			description: 'The file name the recipient sees',
			displayOptions: { show: { messageType: ['document'] } },
		},
		...templateProperties,
		{ ...templateValuesProperty, displayOptions: { show: { messageType: ['template'] } } },
		acsOptions(ACS_API_VERSIONS.messages),
	],
	async execute(ctx, itemIndex) {
		const channelRegistrationId = readId(
			ctx,
			itemIndex,
			'channelRegistrationId',
			'Channel Registration ID',
		);
		const to = readPhoneNumber(ctx, itemIndex, 'to', 'To', true);
		const body: IDataObject = {
			channelRegistrationId,
			to: [to],
			...readContent(ctx, itemIndex),
		};
		const acs = await connectAcs(ctx, itemIndex, 'messages');
		const response = await acs.request({
			method: 'POST',
			path: ['messages', 'notifications'],
			suffix: ':send',
			body,
			headers: repeatabilityHeaders(),
			idempotencyKey: true,
			effect: 'the message may or may not have been sent',
		});
		const receipts = (response.body as { receipts?: IDataObject[] } | undefined)?.receipts ?? [];
		const repeatabilityResult = response.headers['repeatability-result'];
		return receipts.map((receipt) => ({
			json: {
				messageId: receipt.messageId,
				to: receipt.to,
				status: 'accepted',
				...(repeatabilityResult && { repeatabilityResult }),
			},
		}));
	},
};

/** The kind-specific part of the request body (2024-08-30 shapes). */
function readContent(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const kind = ctx.getNodeParameter('messageType', itemIndex) as string;
	if (kind === 'text') {
		const content = readText(ctx, itemIndex, 'content', 'Content');
		if (content.trim() === '')
			throw new NodeOperationError(ctx.getNode(), 'Content is empty', { itemIndex });
		return { kind, content };
	}
	if (MEDIA_TYPES.includes(kind)) {
		const mediaUri = readMediaUrl(
			ctx,
			itemIndex,
			ctx.getNodeParameter('mediaUrl', itemIndex, '') as unknown,
			'Media URL',
			'WhatsApp',
		);
		const media: IDataObject = { kind, mediaUri };
		const caption = CAPTIONED.includes(kind) ? readText(ctx, itemIndex, 'caption', 'Caption') : '';
		if (caption) media.caption = caption;
		const fileName = kind === 'document' ? readText(ctx, itemIndex, 'fileName', 'File Name') : '';
		if (fileName) media.fileName = fileName;
		return media;
	}
	if (kind === 'template') {
		const template: IDataObject = {
			name: readId(ctx, itemIndex, 'templateName', 'Template Name'),
			language: readId(ctx, itemIndex, 'templateLanguage', 'Template Language'),
		};
		const { values, bindings } = readTemplateParameters(ctx, itemIndex);
		if (values.length > 0) template.values = values;
		if (bindings) template.bindings = bindings;
		return { kind, template };
	}
	throw new NodeOperationError(ctx.getNode(), `Message Type "${kind}" is not supported`, {
		itemIndex,
	});
}
