import type { INodeProperties } from 'n8n-workflow';

import * as deleteMedia from './delete';
import * as download from './download';
import * as get from './get';
import * as getAll from './getAll';

export const messageMediaOperations = {
	get: get.execute,
	getAll: getAll.execute,
	delete: deleteMedia.execute,
	download: download.execute,
};

const operations = [
	{
		name: 'Delete',
		value: 'delete',
		action: 'Delete a message media',
		description: 'Delete a media file of a message',
	},
	{
		name: 'Download',
		value: 'download',
		action: 'Download a message media',
		description: 'Download the file of a message media',
	},
	{
		name: 'Get',
		value: 'get',
		action: 'Get a message media',
		description: 'Get the details of a message media',
	},
	{
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many message media',
		description: 'List the media of a message',
	},
];

export const messageMediaDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['messageMedia'] }, hide: { '@tool': [true] } },
		options: operations,
		default: 'get',
	},
	{
		// An AI agent gets no binary download: a file is of no use to it.
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['messageMedia'], '@tool': [true] } },
		options: operations.filter((operation) => operation.value !== 'download'),
		default: 'get',
	},
	...get.description,
	...getAll.description,
	...deleteMedia.description,
	...download.description,
];
