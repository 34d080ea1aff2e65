import { NodeApiError } from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions, readId } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import { requestSendStatus, sendStatusOf } from './status';

/** GET /emails/operations/{operationId}: one look, no waiting. */
export const getSendStatus: Operation = {
	option: {
		name: 'Get Send Status',
		action: 'Get the status of an email send',
		description:
			'Get whether ACS has sent an email (NotStarted, Running, Succeeded, Failed or Canceled)',
	},
	properties: [
		{
			displayName: 'Operation ID',
			name: 'operationId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 9d8f6a1e-2b3c-4d5e-8f90-1a2b3c4d5e6f',
			description: 'The ID a Send returned',
		},
		acsOptions(ACS_API_VERSIONS.email),
	],
	async execute(ctx, itemIndex) {
		const operationId = readId(ctx, itemIndex, 'operationId', 'Operation ID');
		const acs = await connectAcs(ctx, itemIndex, 'email');
		const response = await requestSendStatus(acs, operationId).catch((error: unknown) => {
			if (error instanceof NodeApiError && String(error.httpCode) === '404') {
				error.description =
					'ACS knows no email send under this ID. Check the ID and that the email was sent from this Communication Services resource; ACS keeps the status only for a limited time.';
			}
			throw error;
		});
		return [{ json: sendStatusOf(response.body) }];
	},
};
