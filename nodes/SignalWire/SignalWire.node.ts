import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { customOperations, resourceProperties } from '../../shared/resources';
import { signalWireListSearch } from '../../shared/signalwire/listSearch';
import { call } from './resources/call';
import { message } from './resources/message';
import { messageMedia } from './resources/messageMedia';
import { recording } from './resources/recording';

const resources = [message, messageMedia, call, recording];

/**
 * The editor's parameters are descriptions, one file per operation; execution is programmatic: every
 * operation runs through the package's one request path (customOperations), with per-item retries,
 * paging that follows the server's own next_page_uri, and downloads streamed into the binary store
 * with credentials kept off foreign redirect hosts.
 */
export class SignalWire implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SignalWire',
		name: 'signalWire',
		icon: {
			light: 'file:../../icons/signalwire.svg',
			dark: 'file:../../icons/signalwire.dark.svg',
		},
		group: ['transform'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Send SMS and MMS, place and control voice calls, and manage messages, message media and call recordings',
		defaults: { name: 'SignalWire' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'signalWireApi', required: true }],
		properties: resourceProperties(resources, 'messageMedia'),
	};

	methods = { listSearch: signalWireListSearch };

	customOperations = customOperations(resources);
}
