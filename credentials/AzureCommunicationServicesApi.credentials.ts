import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { ACS_API_VERSIONS } from '../shared/acs/apiVersion';
import { authenticateWithAccessKey } from '../shared/acs/authenticate';

export class AzureCommunicationServicesApi implements ICredentialType {
	name = 'azureCommunicationServicesApi';

	displayName = 'Azure Communication Services (Access Key) API';

	icon: Icon = { light: 'file:../icons/acs.svg', dark: 'file:../icons/acs.dark.svg' };

	documentationUrl = 'https://github.com/acs-signalwire/n8n-nodes-acs-signalwire#access-key';

	properties: INodeProperties[] = [
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://my-resource.communication.azure.com',
			description:
				"The Endpoint from the resource's Keys page in the Azure portal. You can also paste the whole connection string here or in Access Key.",
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- the access key is the HMAC signing secret
		{
			displayName: 'Access Key',
			name: 'accessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"Key (primary or secondary) from the resource's Keys page, or the whole connection string",
		},
	];

	authenticate = authenticateWithAccessKey;

	// Listing phone numbers needs a valid signature, so a wrong key fails the test (401) even though the host answers.
	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: '/phoneNumbers',
			qs: { 'api-version': ACS_API_VERSIONS.phoneNumbers },
		},
	};
}
