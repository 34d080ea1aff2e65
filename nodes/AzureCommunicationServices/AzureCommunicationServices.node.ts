import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { forEachItem } from '../../shared/items';
import { callMediaDescription, callMediaOperations } from './resources/callMedia';
import { chatMessageDescription, chatMessageOperations } from './resources/chatMessage';
import { mediaDescription, mediaOperations } from './resources/media';

const resourceOptions = [
	{
		name: 'Call Media',
		value: 'callMedia',
		description: 'Control media streaming of a call (Call Automation)',
	},
	{ name: 'Chat Message', value: 'chatMessage', description: 'Read the messages of a chat thread' },
	{
		name: 'Media',
		value: 'media',
		description: 'Download files received in WhatsApp messages (Advanced Messaging)',
	},
];

const managementAuthentication = [
	{ name: 'Access Key', value: 'accessKey' },
	{ name: 'Microsoft Entra ID', value: 'oAuth2' },
];

/**
 * Declarative descriptions, one per operation. Every operation runs through the package's one shared
 * request path (customOperations): the routing engine cannot retry per item, refresh a chat token on a
 * 401, or stream a download into the binary store.
 */
export class AzureCommunicationServices implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Azure Communication Services',
		name: 'azureCommunicationServices',
		icon: { light: 'file:../../icons/acs.svg', dark: 'file:../../icons/acs.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Download WhatsApp media, read chat messages and control call media streaming',
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
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: managementAuthentication,
				default: 'accessKey',
				displayOptions: { hide: { resource: ['chatMessage'] } },
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Access Key', value: 'accessKey' },
					{ name: 'Microsoft Entra ID', value: 'oAuth2' },
					{ name: 'User Access Token', value: 'userAccessToken' },
				],
				default: 'accessKey',
				// `hide`, not `show`: the editor hides every parameter named in an auth field's `show` (it would hide Resource).
				displayOptions: { hide: { resource: ['media', 'callMedia'] } },
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: resourceOptions,
				default: 'media',
				displayOptions: { hide: { '@tool': [true] } },
			},
			{
				// An AI agent gets no binary download: a file is of no use to it.
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: resourceOptions.filter((option) => option.value !== 'media'),
				default: 'chatMessage',
				displayOptions: { show: { '@tool': [true] } },
			},
			...mediaDescription,
			...chatMessageDescription,
			...callMediaDescription,
		],
	};

	customOperations = {
		media: { download: forEachItem(mediaOperations.download) },
		chatMessage: {
			get: forEachItem(chatMessageOperations.get),
			getAll: forEachItem(chatMessageOperations.getAll),
		},
		callMedia: {
			startMediaStreaming: forEachItem(callMediaOperations.startMediaStreaming),
			stopMediaStreaming: forEachItem(callMediaOperations.stopMediaStreaming),
		},
	};
}
