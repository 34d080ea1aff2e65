import type { INodeProperties } from 'n8n-workflow';

import { reliabilityOptions } from '../options';

/** The `options` collection of a SignalWire operation: its own settings, then reliability. */
export function signalWireOptions(show: Record<string, string[]>, operationOptions: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [...operationOptions, ...reliabilityOptions],
	};
}
