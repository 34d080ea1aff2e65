import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { forEachItem } from '../../shared/items';
import { messageMediaDescription, messageMediaOperations } from './resources/messageMedia';

/**
 * Declarative descriptions, one per operation, run through the package's one shared request path
 * (customOperations): per-item retries, paging that follows the server's own next_page_uri, and
 * downloads streamed into the binary store with credentials kept off foreign redirect hosts.
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
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Get, list, delete and download the media of SignalWire messages',
		defaults: { name: 'SignalWire' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'signalWireApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Message Media', value: 'messageMedia' }],
				default: 'messageMedia',
			},
			...messageMediaDescription,
		],
	};

	customOperations = {
		messageMedia: {
			get: forEachItem(messageMediaOperations.get),
			getAll: forEachItem(messageMediaOperations.getAll),
			delete: forEachItem(messageMediaOperations.delete),
			download: forEachItem(messageMediaOperations.download),
		},
	};
}
