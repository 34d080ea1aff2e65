import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { readMediaUrl } from '../../helpers';

/**
 * The values of a WhatsApp template and where they go, as a no-code form: body parameters fill
 * {{1}}, {{2}}, … in the order listed; a header takes text or media; quick-reply buttons carry the
 * payload returned when tapped; URL buttons append text to the button's URL. Each value has a name
 * that binds it (MessageTemplateValue.name and the bindings' refValue).
 */
export const templateValuesProperty: INodeProperties = {
	displayName: 'Template Parameters',
	name: 'templateParameters',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Parameter',
	default: {},
	description:
		"Values for the template's placeholders; leave empty for a template without parameters",
	options: [
		{
			displayName: 'Body Parameter',
			name: 'body',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. deliveryDays',
					description: 'A name of your choice for this value; each value needs a different name',
				},
				{
					displayName: 'Text',
					name: 'text',
					type: 'string',
					default: '',
					description:
						'Fills the next {{n}} placeholder of the body: the first body parameter fills {{1}}, the second {{2}}',
				},
			],
		},
		{
			displayName: 'Header Media',
			name: 'headerMedia',
			values: [
				{
					displayName: 'Caption',
					name: 'caption',
					type: 'string',
					default: '',
				},
				{
					displayName: 'File Name',
					name: 'fileName',
					type: 'string',
					default: '',
					placeholder: 'e.g. boarding-pass.pdf',
					description: 'The file name the recipient sees, for a document',
				},
				{
					displayName: 'Kind',
					name: 'kind',
					type: 'options',
					options: [
						{ name: 'Document', value: 'document' },
						{ name: 'Image', value: 'image' },
						{ name: 'Video', value: 'video' },
					],
					default: 'image',
					description: "The kind of media in the template's header",
				},
				{
					displayName: 'Media URL',
					name: 'url',
					type: 'string',
					default: '',
					placeholder: 'https://example.com/ticket.jpg',
					description: 'Public https URL of the header image, video or document',
				},
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. headerImage',
					description: 'A name of your choice for this value; each value needs a different name',
				},
			],
		},
		{
			displayName: 'Header Text',
			name: 'headerText',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. headerTitle',
					description: 'A name of your choice for this value; each value needs a different name',
				},
				{
					displayName: 'Text',
					name: 'text',
					type: 'string',
					default: '',
					description: 'Fills the {{1}} placeholder of a text header',
				},
			],
		},
		{
			displayName: 'Quick Reply Button',
			name: 'quickReplyButton',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. yes',
					description: 'A name of your choice for this value; each value needs a different name',
				},
				{
					displayName: 'Payload',
					name: 'payload',
					type: 'string',
					default: '',
					description:
						"Comes back in the customer's reply when they tap the button. Buttons are filled in the template's order.",
				},
			],
		},
		{
			displayName: 'URL Button',
			name: 'urlButton',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. surveyLink',
					description: 'A name of your choice for this value; each value needs a different name',
				},
				{
					displayName: 'URL Suffix',
					name: 'text',
					type: 'string',
					default: '',
					description:
						"Appended to the button's URL where the template has {{1}}, e.g. an order number",
				},
			],
		},
	],
};

const GROUP_LABELS: Record<string, string> = {
	body: 'Body Parameter',
	headerText: 'Header Text',
	headerMedia: 'Header Media',
	quickReplyButton: 'Quick Reply Button',
	urlButton: 'URL Button',
};

interface TemplateParts {
	values: IDataObject[];
	bindings?: IDataObject;
}

/** The template's `values` and WhatsApp `bindings`, checked before anything is sent. */
export function readTemplateParameters(ctx: IExecuteFunctions, itemIndex: number): TemplateParts {
	const groups = ctx.getNodeParameter('templateParameters', itemIndex, {}) as Record<
		string,
		IDataObject[] | undefined
	>;
	const values: IDataObject[] = [];
	const body: IDataObject[] = [];
	const header: IDataObject[] = [];
	const buttons: IDataObject[] = [];
	const names = new Set<string>();
	const fail = (message: string, description?: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description });

	for (const group of Object.keys(GROUP_LABELS)) {
		(groups[group] ?? []).forEach((entry, index) => {
			const label = `Template Parameters: ${GROUP_LABELS[group]} ${index + 1}`;
			const name = typeof entry.name === 'string' ? entry.name.trim() : String(entry.name ?? '');
			if (name === '')
				throw fail(
					`${label} has no name`,
					'Give every template parameter a name of your choice, e.g. param1; the node binds the value by it.',
				);
			if (names.has(name))
				throw fail(
					`${label} uses the name "${name}" again`,
					'Each template parameter needs a different name.',
				);
			names.add(name);
			const text = (field: string) => String(entry[field] ?? '');
			switch (group) {
				case 'body':
					values.push({ name, kind: 'text', text: text('text') });
					body.push({ refValue: name });
					break;
				case 'headerText':
				case 'headerMedia': {
					if (header.length > 0)
						throw fail(`${label}: a template has only one header`, 'Remove the extra header.');
					if (group === 'headerText') {
						values.push({ name, kind: 'text', text: text('text') });
					} else {
						const kind = text('kind') || 'image';
						const media: IDataObject = {
							name,
							kind,
							url: readMediaUrl(ctx, itemIndex, entry.url, `${label} Media URL`, 'WhatsApp'),
						};
						if (text('caption')) media.caption = text('caption');
						if (kind === 'document' && text('fileName')) media.fileName = text('fileName');
						values.push(media);
					}
					header.push({ refValue: name });
					break;
				}
				case 'quickReplyButton':
					values.push({ name, kind: 'quickAction', payload: text('payload') });
					buttons.push({ subType: 'quickReply', refValue: name });
					break;
				default:
					values.push({ name, kind: 'quickAction', text: text('text') });
					buttons.push({ subType: 'url', refValue: name });
			}
		});
	}
	if (values.length === 0) return { values };
	const bindings: IDataObject = { kind: 'whatsApp' };
	if (header.length > 0) bindings.header = header;
	if (body.length > 0) bindings.body = body;
	if (buttons.length > 0) bindings.buttons = buttons;
	return { values, bindings };
}
