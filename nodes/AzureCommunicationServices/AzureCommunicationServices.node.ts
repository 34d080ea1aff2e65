import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { ACS_AUTHENTICATION_CHOICES } from '../../shared/acs/connect';
import {
	authenticationProperties,
	customOperations,
	resourceProperties,
} from '../../shared/resources';
import { listSearch, loadOptions } from './listSearch';
import { advancedMessage } from './resources/advancedMessage';
import { call } from './resources/call';
import { callMedia } from './resources/callMedia';
import { chatMessage } from './resources/chatMessage';
import { email } from './resources/email';
import { media } from './resources/media';
import { recording } from './resources/recording';
import { sms } from './resources/sms';

const resources = [media, advancedMessage, sms, email, chatMessage, call, callMedia, recording];

/**
 * The editor's parameters are descriptions, one file per operation; execution is programmatic: every
 * operation runs through the package's one request path (customOperations), because n8n's routing
 * engine cannot retry per item, renew a chat token after a 401, or stream a download into the binary
 * store.
 */
export class AzureCommunicationServices implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Azure Communication Services',
		name: 'azureCommunicationServices',
		icon: { light: 'file:../../icons/acs.svg', dark: 'file:../../icons/acs.dark.svg' },
		group: ['transform'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Send WhatsApp messages and templates, send SMS and manage SMS opt-outs, send emails with attachments, download WhatsApp media, send and read chat messages, answer and place calls, play prompts, collect digits, and record calls and download the recordings',
		defaults: { name: 'Azure Communication Services' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'azureCommunicationServicesApi',
				required: true,
				displayOptions: { show: { authentication: ['accessKey'] } },
			},
			{
				name: 'azureCommunicationServicesOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
			{
				name: 'azureCommunicationServicesUserTokenApi',
				required: true,
				displayOptions: { show: { authentication: ['userAccessToken'] } },
			},
		],
		properties: [
			...authenticationProperties(resources, ACS_AUTHENTICATION_CHOICES),
			...resourceProperties(resources, 'media'),
		],
	};

	methods = { listSearch, loadOptions };

	customOperations = customOperations(resources);
}
