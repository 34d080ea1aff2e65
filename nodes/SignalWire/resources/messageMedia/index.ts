import type { Resource } from '../../transport';
import { deleteMedia } from './delete';
import { download } from './download';
import { get } from './get';
import { getAll } from './getAll';

export const messageMedia: Resource = {
	value: 'messageMedia',
	name: 'Message Media',
	operations: { get, getAll, delete: deleteMedia, download },
};
