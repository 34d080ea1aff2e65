import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { authenticateWithProjectToken } from '../shared/signalwire/authenticate';

export class SignalWireApi implements ICredentialType {
	name = 'signalWireApi';

	displayName = 'SignalWire API';

	icon: Icon = { light: 'file:../icons/signalwire.svg', dark: 'file:../icons/signalwire.dark.svg' };

	documentationUrl = 'https://github.com/acs-signalwire/n8n-nodes-acs-signalwire#signalwire-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Space URL',
			name: 'spaceUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'example.signalwire.com',
			description:
				'Your space: "example", "example.signalwire.com" or "https://example.signalwire.com"',
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. ea108133-d6b3-407c-9536-9fad8a929a6a',
			description: 'Dashboard > API > Project ID',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Dashboard > API > Tokens; the token needs the Messaging scope (and the Numbers scope for a SignalWire Trigger that registers its URL itself)',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- the signing key is the webhook HMAC secret
		{
			displayName: 'Signing Key',
			name: 'signingKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'PSK_…',
			description:
				'Only needed by the SignalWire Trigger, which checks that every request was signed by SignalWire: Dashboard > API Credentials > Signing Key',
		},
	];

	authenticate = authenticateWithProjectToken;

	// Reading the account needs valid Basic credentials, so a wrong token fails the test with 401.
	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: '=/api/laml/2010-04-01/Accounts/{{encodeURIComponent($credentials.projectId.trim())}}.json',
		},
	};
}
