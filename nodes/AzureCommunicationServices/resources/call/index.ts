import type { Resource } from '../../transport';
import { addParticipant } from './addParticipant';
import { answer } from './answer';
import { create } from './create';
import { get } from './get';
import { getParticipants } from './getParticipants';
import { hangUp } from './hangUp';
import { redirect } from './redirect';
import { reject } from './reject';
import { removeParticipant } from './removeParticipant';
import { transfer } from './transfer';

export const call: Resource = {
	value: 'call',
	name: 'Call',
	description: 'Answer, place, transfer and hang up calls (Call Automation)',
	authentication: ['accessKey', 'oAuth2'],
	operations: {
		answer,
		reject,
		redirect,
		create,
		get,
		hangUp,
		transfer,
		getParticipants,
		addParticipant,
		removeParticipant,
	},
};
