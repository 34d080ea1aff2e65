import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { DEFAULT_CALL_AUTOMATION_ISSUER } from '../shared/webhooks/callAutomationKeys';

export class AzureCommunicationServicesTriggerApi implements ICredentialType {
	name = 'azureCommunicationServicesTriggerApi';

	displayName = 'Azure Communication Services Trigger API';

	icon: Icon = { light: 'file:../icons/acs.svg', dark: 'file:../icons/acs.dark.svg' };

	documentationUrl = 'https://github.com/acs-signalwire/n8n-nodes-acs-signalwire#triggers';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"A long random value you choose. Append it to the trigger URL as ?secret=… in the Event Grid subscription or the call's callback URI; requests without it are refused.",
		},
		{
			displayName: 'Immutable Resource ID',
			name: 'immutableResourceId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 6d2b6c4e-1f7a-4f3e-9d5c-2a1b0c9d8e7f',
			description:
				"The ACS resource's Immutable Resource ID (Azure portal: the resource's Overview > JSON View). When set, Call Automation callbacks must also carry Call Automation's signed token for this resource.",
		},
		{
			displayName: 'Call Automation Issuer',
			name: 'callAutomationIssuer',
			type: 'string',
			default: DEFAULT_CALL_AUTOMATION_ISSUER,
			description:
				'Who signs Call Automation callback tokens; its keys are read from {issuer}/calling/keys. Keep the default unless you test against an emulator.',
		},
	];

	// The issuer's public keys are what the trigger fetches, so reaching them proves the issuer is usable.
	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: '={{$credentials.callAutomationIssuer.trim().replace(/\\/+$/, "")}}/calling/keys',
		},
	};
}
