import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { changedInVersion } from '../../shared/resourceLocator';
import { phoneNumberPicker } from '../../shared/signalwire/pickers';
import { readPhoneNumber } from './helpers';

/**
 * The From of a message or call. Version 1: a number typed or mapped in; version 2: one of the
 * project's numbers that can send it (SMS for messages, voice for calls), or a number by ID.
 */
export function fromProperties(spec: {
	searchListMethod: 'searchSmsNumbers' | 'searchVoiceNumbers';
	/** Of the text field of version 1. */
	textDescription: string;
	/** Of the picker of version 2. */
	description: string;
}): INodeProperties[] {
	return changedInVersion(
		2,
		{
			displayName: 'From',
			name: 'from',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +15551234567',
			description: spec.textDescription,
		},
		phoneNumberPicker({
			displayName: 'From',
			name: 'from',
			description: spec.description,
			searchListMethod: spec.searchListMethod,
		}),
	);
}

export function readFrom(ctx: IExecuteFunctions, itemIndex: number): string {
	return readPhoneNumber(ctx, itemIndex, 'from', 'From');
}
