import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { ACS_API_VERSIONS } from '../shared/acs/apiVersion';
import { authenticateWithUserToken } from '../shared/acs/authenticate';

export class AzureCommunicationServicesUserTokenApi implements ICredentialType {
	name = 'azureCommunicationServicesUserTokenApi';

	displayName = 'Azure Communication Services (User Access Token) API';

	icon: Icon = { light: 'file:../icons/acs.svg', dark: 'file:../icons/acs.dark.svg' };

	documentationUrl = 'https://github.com/acs-signalwire/n8n-nodes-acs-signalwire#user-access-token';

	properties: INodeProperties[] = [
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://my-resource.communication.azure.com',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An ACS user access token with the chat scope. Tokens expire (after 24 hours by default); for unattended workflows use the Access Key or Entra ID credential instead.',
		},
	];

	authenticate = authenticateWithUserToken;

	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: '/chat/threads',
			qs: { maxPageSize: 1, 'api-version': ACS_API_VERSIONS.chat },
		},
	};
}
