import type { Resource } from '../../transport';
import { addOptOut } from './addOptOut';
import { checkOptOut } from './checkOptOut';
import { getDeliveryReport } from './getDeliveryReport';
import { removeOptOut } from './removeOptOut';
import { send } from './send';

export const sms: Resource = {
	value: 'sms',
	name: 'SMS',
	description: 'Send SMS, get delivery reports, and manage opt-outs',
	authentication: ['accessKey', 'oAuth2'],
	operations: { send, getDeliveryReport, addOptOut, removeOptOut, checkOptOut },
};
