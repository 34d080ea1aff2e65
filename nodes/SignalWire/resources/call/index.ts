import type { Resource } from '../../transport';
import { create } from './create';
import { deleteCall } from './delete';
import { get } from './get';
import { getAll } from './getAll';
import { update } from './update';

export const call: Resource = {
	value: 'call',
	name: 'Call',
	description: 'Place voice calls, and get, list, hang up, redirect and delete them',
	operations: { create, get, getAll, update, delete: deleteCall },
};
