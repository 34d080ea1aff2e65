import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { maskTriggerSecret, readCallbackUri, readIdentifier, readText } from '../../helpers';
import { connectAcs } from '../../transport';

export { callConnectionIdProperty } from '../call/properties';

/** A participant of the call; each operation says what it does with them in its own description. */
export const targetParticipantProperty: INodeProperties = {
	displayName: 'Target Participant',
	name: 'targetParticipant',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. +14255550123',
};

/** Operation Callback URI and Operation Context, which every media action takes. */
export function operationFieldProperties(events: string): INodeProperties[] {
	return [
		{
			displayName: 'Operation Callback URI',
			name: 'operationCallbackUri',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/acs/events',
			description: `Where the ${events} event is sent, instead of the callback URI set when the call was created or answered. Must be https.`,
		},
		{
			displayName: 'Operation Context',
			name: 'operationContext',
			type: 'string',
			default: '',
			description:
				'A value of your choice that comes back in the event, to match it to this request',
		},
	];
}

/**
 * `{operationContext?, operationCallbackUri?}` from a collection holding operationFieldProperties, in
 * the order the SDK serialises them for the request (media streaming puts the URI first).
 */
export function readOperationFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
	order: 'contextFirst' | 'callbackFirst' = 'contextFirst',
): IDataObject {
	const operationCallbackUri = readCallbackUri(
		ctx,
		itemIndex,
		fields.operationCallbackUri,
		'Operation Callback URI',
	);
	const context =
		typeof fields.operationContext === 'string' && fields.operationContext !== ''
			? { operationContext: fields.operationContext }
			: {};
	const callback = operationCallbackUri ? { operationCallbackUri } : {};
	return order === 'contextFirst' ? { ...context, ...callback } : { ...callback, ...context };
}

/**
 * A participant of a media action. The SDK's media calls serialise identifiers with communication-common,
 * which leaves out `kind` (optional in requests), while the call connection calls send it; the node sends
 * what the SDK sends for each request.
 */
export function readMediaParticipant(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
): IDataObject {
	return withoutKind(readIdentifier(ctx, itemIndex, parameter, label));
}

export function withoutKind(identifier: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(identifier).filter(([key]) => key !== 'kind'));
}

/** DTMF tones by the API's names; digits and keys typed as they are on a keypad map to them. */
export const DTMF_TONES = [
	'zero',
	'one',
	'two',
	'three',
	'four',
	'five',
	'six',
	'seven',
	'eight',
	'nine',
	'a',
	'b',
	'c',
	'd',
	'pound',
	'asterisk',
] as const;

const KEY_TONES: Record<string, string> = {
	...Object.fromEntries(DTMF_TONES.slice(0, 10).map((tone, digit) => [String(digit), tone])),
	'#': 'pound',
	'*': 'asterisk',
};

export const TONE_OPTIONS = DTMF_TONES.map((tone) => ({
	name: tone === 'pound' ? 'Pound (#)' : tone === 'asterisk' ? 'Asterisk (*)' : toneLabel(tone),
	value: tone,
}));

function toneLabel(tone: string): string {
	const digit = DTMF_TONES.indexOf(tone as (typeof DTMF_TONES)[number]);
	return digit < 10 ? `${tone[0].toUpperCase()}${tone.slice(1)} (${digit})` : tone.toUpperCase();
}

function toneOf(entry: string): string | undefined {
	const lower = entry.toLowerCase();
	if ((DTMF_TONES as readonly string[]).includes(lower)) return lower;
	return KEY_TONES[lower];
}

/**
 * Tones in order, repeats kept: a list from an expression, or text with tone names (`one`, `pound`) or
 * keys (`1`, `#`, `A`) separated by commas or spaces; a run of keys such as `123#` is one tone per key.
 */
export function readTones(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
): string[] {
	const value = ctx.getNodeParameter(parameter, itemIndex, '') as unknown;
	const entries = (
		Array.isArray(value)
			? value.map((entry) => String(entry))
			: readText(ctx, itemIndex, parameter, label).split(/[\s,;]+/)
	)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
	const fail = (problem: string) =>
		new NodeOperationError(ctx.getNode(), `${label} ${problem}`, {
			itemIndex,
			description:
				'Enter tones as keys (e.g. 1, 2, #, *, A) or by name (zero … nine, a … d, pound, asterisk), separated by commas.',
		});
	if (entries.length === 0) throw fail('is empty');
	return entries.flatMap((entry) => {
		const named = toneOf(entry);
		if (named) return [named];
		const keys = [...entry].map(toneOf);
		if (keys.every((tone) => tone !== undefined)) return keys as string[];
		throw fail(`"${entry}" is not a DTMF tone`);
	});
}

/** POST /calling/callConnections/{id}:{action}; every media action answers 202 and reports by callback. */
export async function postMediaAction(
	ctx: IExecuteFunctions,
	itemIndex: number,
	callConnectionId: string,
	action: string,
	request: { body?: IDataObject; headers?: IDataObject; idempotencyKey?: true; effect: string },
	outputFields: IDataObject = {},
) {
	const acs = await connectAcs(ctx, itemIndex, 'calling');
	const response = await acs.request({
		method: 'POST',
		path: ['calling', 'callConnections', callConnectionId],
		suffix: `:${action}`,
		responseType: 'none',
		...request,
	});
	const status = response.statusCode === 202 ? 'accepted' : `http ${response.statusCode}`;
	const shown = { ...outputFields };
	if (shown.operationCallbackUri !== undefined)
		shown.operationCallbackUri = maskTriggerSecret(shown.operationCallbackUri) as string;
	return [{ json: { callConnectionId, operation: action, status, ...shown } }];
}
