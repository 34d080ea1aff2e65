import type { INodeProperties } from 'n8n-workflow';

import { resourceLocator, type LocatorSpec } from '../resourceLocator';

/**
 * A picker of the project's phone numbers (the lists in listSearch.ts), By ID taking a number in E.164
 * form. SignalWire's Dashboard has no page per number whose URL holds it, so there is no By URL.
 */
export function phoneNumberPicker(
	spec: Pick<LocatorSpec, 'displayName' | 'name' | 'description' | 'displayOptions'> & {
		searchListMethod: 'searchSmsNumbers' | 'searchVoiceNumbers';
	},
): INodeProperties {
	return resourceLocator({
		...spec,
		listPlaceholder: 'Select a number…',
		id: {
			placeholder: 'e.g. +15551234567',
			regex: '\\+[1-9]\\d{6,14}',
			errorMessage: 'Enter the number in E.164 form: + and country code, e.g. +15551234567',
		},
	});
}
