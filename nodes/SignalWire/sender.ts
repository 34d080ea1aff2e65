import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { changedInVersion, readLocatorValue } from '../../shared/resourceLocator';
import { phoneNumberPicker } from '../../shared/signalwire/pickers';
import { checkPhoneNumber } from './helpers';

/**
 * The From of a message or call. Version 1: a number typed or mapped in; version 2: one of the
 * project's numbers that can send it (SMS for messages, voice for calls), or a number by ID.
 */
export function fromProperties(
	textField: INodeProperties,
	list: { searchListMethod: 'searchSmsNumbers' | 'searchVoiceNumbers'; description: string },
): INodeProperties[] {
	return changedInVersion(
		2,
		textField,
		phoneNumberPicker({ displayName: 'From', name: textField.name, ...list }),
	);
}

export function readFrom(ctx: IExecuteFunctions, itemIndex: number): string {
	return checkPhoneNumber(ctx, itemIndex, readLocatorValue(ctx, 'from', itemIndex), 'From');
}
