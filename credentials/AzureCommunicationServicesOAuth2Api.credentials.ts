import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

const SCOPE = 'https://communication.azure.com/.default';

export class AzureCommunicationServicesOAuth2Api implements ICredentialType {
	name = 'azureCommunicationServicesOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Azure Communication Services (Microsoft Entra ID) OAuth2 API';

	icon: Icon = { light: 'file:../icons/acs.svg', dark: 'file:../icons/acs.dark.svg' };

	documentationUrl =
		'https://github.com/acs-signalwire/n8n-nodes-acs-signalwire#microsoft-entra-id';

	properties: INodeProperties[] = [
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://my-resource.communication.azure.com',
			description: "The Endpoint from the resource's Overview or Keys page in the Azure portal",
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Client Credentials (Service Principal)',
					value: 'clientCredentials',
					description: 'The app signs in as itself; suits scheduled and unattended workflows',
				},
				{
					name: 'Authorization Code',
					value: 'authorizationCode',
					description: 'A user signs in once in the browser; the node acts as that user',
				},
			],
			default: 'clientCredentials',
		},
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47',
			description: "Directory (tenant) ID from the app registration's Overview page",
		},
		{
			displayName: 'Authority Host',
			name: 'authorityHost',
			type: 'string',
			default: 'https://login.microsoftonline.com',
			description:
				'Change it for sovereign clouds, e.g. https://login.microsoftonline.us (Azure Government) or https://login.chinacloudapi.cn (Azure China)',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default:
				'={{$self["authorityHost"].replace(/\\/+$/, "")}}/{{$self["tenantId"]}}/oauth2/v2.0/authorize',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default:
				'={{$self["authorityHost"].replace(/\\/+$/, "")}}/{{$self["tenantId"]}}/oauth2/v2.0/token',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			// offline_access gives the authorization-code flow a refresh token; client credentials must not ask for it.
			default: `={{$self["grantType"] === "authorizationCode" ? "${SCOPE} offline_access" : "${SCOPE}"}}`,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];
}
