import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * An Entra app's access to Azure Resource Manager, for the ACS Trigger's automatic Event Grid
 * subscription. A token is for one resource only, so it is a credential of its own; it can use the
 * same app registration (client ID and secret) as the Communication Services Entra ID credential.
 */
export class AzureResourceManagerOAuth2Api implements ICredentialType {
	name = 'azureResourceManagerOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Azure Resource Manager (Microsoft Entra ID) OAuth2 API';

	icon: Icon = { light: 'file:../icons/acs.svg', dark: 'file:../icons/acs.dark.svg' };

	documentationUrl =
		'https://github.com/acs-signalwire/n8n-nodes-acs-signalwire#automatic-event-grid-subscription';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
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
			displayName: 'Resource Manager URL',
			name: 'resourceManagerUrl',
			type: 'string',
			default: 'https://management.azure.com',
			description:
				'Change it for sovereign clouds, e.g. https://management.usgovcloudapi.net (Azure Government) or https://management.chinacloudapi.cn (Azure China)',
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
			default: '={{$self["resourceManagerUrl"].replace(/\\/+$/, "")}}/.default',
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
