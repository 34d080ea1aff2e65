import { type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { optionsCollection } from '../../helpers';
import { connectSignalWire, type Operation, type SignalWireConnection } from '../../transport';
import {
	callSidProperty,
	cxmlProperty,
	readCallSid,
	readCxmlDocument,
	readWebhookUrl,
	urlProperties,
} from './fields';

/** Statuses of a call that has not been answered yet: SignalWire cancels these rather than ends them. */
const NOT_ANSWERED = ['queued', 'ringing', 'initiated'];
/** Statuses of a call that is over; hanging it up changes nothing. */
const ENDED = ['completed', 'canceled', 'busy', 'failed', 'no-answer'];

const whenAction = (action: string) => ({ show: { action: [action] } });
const whenRedirect = (redirectWith: string) => ({
	show: { action: ['redirect'], redirectWith: [redirectWith] },
});

/**
 * POST …/Calls/{Sid}.json. Hang Up reads the call first: an unanswered call is canceled (Status
 * canceled), an answered one ended (Status completed), and one already over is returned unchanged, so a
 * hang-up can be repeated safely. Redirect replaces the cXML the call is running.
 */
export const update: Operation = {
	option: {
		name: 'Update',
		action: 'Update a call',
		description: 'Hang up a live call, or redirect it to other cXML',
	},
	properties: [
		callSidProperty,
		{
			displayName: 'Action',
			name: 'action',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Hang Up',
					value: 'hangUp',
					description: 'End the call; a call not answered yet is canceled',
					action: 'Hang up the call',
				},
				{
					name: 'Redirect',
					value: 'redirect',
					description: 'Make the call run other cXML now',
					action: 'Redirect the call',
				},
			],
			default: 'hangUp',
		},
		{
			displayName: 'Redirect With',
			name: 'redirectWith',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'cXML', value: 'cxml', description: 'A cXML document you write' },
				{ name: 'URL', value: 'url', description: 'A URL that answers with cXML' },
			],
			default: 'cxml',
			displayOptions: whenAction('redirect'),
		},
		{
			...cxmlProperty('cxml', 'The cXML document the call runs from now on'),
			displayOptions: whenRedirect('cxml'),
		},
		...urlProperties('the call runs from now on').map((property) => ({
			...property,
			displayOptions: whenRedirect('url'),
		})),
		optionsCollection(),
	],
	async execute(ctx, itemIndex) {
		const callSid = readCallSid(ctx, itemIndex);
		const action = ctx.getNodeParameter('action', itemIndex) as string;
		const redirect = action === 'redirect' ? readRedirect(ctx, itemIndex) : undefined;
		const signalWire = await connectSignalWire(ctx, itemIndex);
		let form = redirect;
		if (!form) {
			const current = await fetchCall(signalWire, callSid);
			const status = String(current.status ?? '');
			if (ENDED.includes(status)) return [{ json: current }];
			form = { Status: NOT_ANSWERED.includes(status) ? 'canceled' : 'completed' };
		}
		const response = await signalWire.request({
			method: 'POST',
			path: ['Calls', callSid],
			suffix: '.json',
			form,
		});
		return [{ json: response.body as IDataObject }];
	},
};

function readRedirect(ctx: IExecuteFunctions, itemIndex: number): Record<string, string> {
	if (ctx.getNodeParameter('redirectWith', itemIndex) === 'url') {
		return {
			Url: readWebhookUrl(ctx, itemIndex, 'url', 'URL'),
			Method: ctx.getNodeParameter('method', itemIndex, 'POST') as string,
		};
	}
	return { Twiml: readCxmlDocument(ctx, itemIndex, 'cxml', 'cXML') };
}

async function fetchCall(signalWire: SignalWireConnection, callSid: string): Promise<IDataObject> {
	const response = await signalWire.request({
		method: 'GET',
		path: ['Calls', callSid],
		suffix: '.json',
	});
	return response.body as IDataObject;
}
