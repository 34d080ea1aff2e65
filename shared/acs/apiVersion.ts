import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../descriptions';
import { readParameter } from '../parametersPerRun';

/** API versions this package was written against (the versions of the published API pages). */
export const ACS_API_VERSIONS = {
	/** Identity, to issue chat tokens. */
	identity: '2023-10-01',
	/** Phone numbers, listed by the access-key credential's test. */
	phoneNumbers: '2022-12-01',
	media: '2024-02-01',
	/** Advanced Messaging sends and templates: the first stable version with document, video and audio. */
	messages: '2024-08-30',
	chat: '2025-03-15',
	calling: '2026-03-12',
	/** SMS send, opt-outs and delivery reports (delivery reports exist only from 2026-01-23). */
	sms: '2026-01-23',
	/** Email send and send status: the first stable version with inline attachments (contentId). */
	email: '2025-09-01',
} as const;

/** The `options` collection of an ACS operation: its own settings, the API version, then reliability. */
export function acsOptions(
	defaultApiVersion: string,
	operationOptions: INodeProperties[] = [],
): INodeProperties {
	return optionsCollection([
		...operationOptions,
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: defaultApiVersion,
			description:
				'The REST API version to call. Change it only to use a newer version of the same API.',
		},
	]);
}

export function readApiVersion(
	ctx: IExecuteFunctions,
	itemIndex: number,
	defaultApiVersion: string,
): string {
	const value = readParameter(ctx, 'options.apiVersion', itemIndex, defaultApiVersion);
	const version = typeof value === 'string' ? value.trim() : '';
	if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(version)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`API Version "${String(value)}" is not an API version`,
			{
				itemIndex,
				description: `Use the form YYYY-MM-DD or YYYY-MM-DD-preview, e.g. ${defaultApiVersion}.`,
			},
		);
	}
	return version;
}
