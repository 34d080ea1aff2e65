import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readId } from '../../helpers';

export { callSidProperty, readCallSid, readWebhookUrl } from '../call/fields';

export const recordingSidProperty: INodeProperties = {
	displayName: 'Recording SID',
	name: 'recordingSid',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 19e436af-5688-4307-b03b-bdb2b42b8142',
	description:
		'The SID of the recording (the sid returned by Start, or RecordingSid in a callback)',
};

export function readRecordingSid(ctx: IExecuteFunctions, itemIndex: number): string {
	return readId(ctx, itemIndex, 'recordingSid', 'Recording SID');
}
