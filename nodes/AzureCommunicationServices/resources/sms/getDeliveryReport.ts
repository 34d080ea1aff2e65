import { NodeApiError, type IDataObject } from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions, readId } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';

/** GET /deliveryReports/{messageId} (200 DeliveryReport, 404 when there is none). */
export const getDeliveryReport: Operation = {
	option: {
		name: 'Get Delivery Report',
		action: 'Get an SMS delivery report',
		description: 'Get the delivery status and attempts of an SMS sent with delivery reports on',
	},
	properties: [
		{
			displayName: 'Message ID',
			name: 'messageId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Outgoing_20260123_abc',
			description: 'The message ID a Send returned for one recipient',
		},
		acsOptions(ACS_API_VERSIONS.sms),
	],
	async execute(ctx, itemIndex) {
		const messageId = readId(ctx, itemIndex, 'messageId', 'Message ID');
		const acs = await connectAcs(ctx, itemIndex, 'sms');
		const response = await acs
			.request({ method: 'GET', path: ['deliveryReports', messageId] })
			.catch((error: unknown) => {
				if (error instanceof NodeApiError && String(error.httpCode) === '404') {
					error.description =
						'ACS keeps delivery reports only for messages sent with the Delivery Report option on, and only for a limited time. Check the message ID and that the message was sent from this resource with delivery reports on.';
				}
				throw error;
			});
		return [{ json: (response.body ?? {}) as IDataObject }];
	},
};
