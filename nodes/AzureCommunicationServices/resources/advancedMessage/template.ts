import type { INodeProperties } from 'n8n-workflow';

import { changedInVersion, resourceLocator } from '../../helpers';

const onlyForTemplates = { show: { messageType: ['template'] } };

/**
 * A template is its name plus a language. From version 2 the name is picked from the channel's
 * templates and the language from that template's languages; both still take expressions.
 */
export const templateProperties: INodeProperties[] = [
	...changedInVersion(
		2,
		{
			displayName: 'Template Name',
			name: 'templateName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. sample_shipping_confirmation',
			description: 'The name of an approved template of the channel (see Get Templates)',
			displayOptions: onlyForTemplates,
		},
		resourceLocator({
			displayName: 'Template',
			name: 'templateName',
			description:
				'A template of the channel; the list shows each name with its languages and review status (only approved templates can be sent)',
			searchListMethod: 'searchTemplates',
			id: { placeholder: 'e.g. sample_shipping_confirmation' },
			displayOptions: onlyForTemplates,
		}),
	),
	...changedInVersion(
		2,
		{
			displayName: 'Template Language',
			name: 'templateLanguage',
			type: 'string',
			required: true,
			default: 'en_US',
			placeholder: 'e.g. en_US',
			description: 'The language code of the template, as listed by Get Templates',
			displayOptions: onlyForTemplates,
		},
		{
			displayName: 'Template Language Name or ID',
			name: 'templateLanguage',
			type: 'options',
			typeOptions: {
				loadOptionsMethod: 'getTemplateLanguages',
				loadOptionsDependsOn: ['templateName.value', 'channelRegistrationId'],
			},
			required: true,
			default: 'en_US',
			description:
				'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			hint: 'The languages of the chosen template; as an ID, a language code such as en_US',
			displayOptions: onlyForTemplates,
		},
	),
];
