import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readId } from '../../helpers';

import { readMessageSid } from '../message/messageSid';

export { messageSidProperties, readMessageSid } from '../message/messageSid';

export const mediaSidProperty: INodeProperties = {
	displayName: 'Media SID',
	name: 'mediaSid',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. b3877c40-da60-4998-90ad-b792e98472e1',
	description: 'The SID of the media (the sid field of a listed media entry)',
};

export function readMediaSids(ctx: IExecuteFunctions, itemIndex: number) {
	return {
		messageSid: readMessageSid(ctx, itemIndex),
		mediaSid: readId(ctx, itemIndex, 'mediaSid', 'Media SID'),
	};
}

/** `Messages/{MessageSid}/Media/{MediaSid}`, below the project's account. */
export function mediaPath(sids: { messageSid: string; mediaSid: string }): string[] {
	return ['Messages', sids.messageSid, 'Media', sids.mediaSid];
}
