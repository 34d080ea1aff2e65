import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import {
	isPhoneNumberIdentifier,
	maskTriggerSecret,
	parseHttpsUrl,
	readCallbackUri,
	readPhoneNumber,
	readText,
	readWebSocketUrl,
	changedInVersion,
	resourceLocator,
} from '../../helpers';

/** Parameters and readers the operations of the `call` resource share. */

export const callConnectionIdProperty: INodeProperties = {
	displayName: 'Call Connection ID',
	name: 'callConnectionId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 421f3500-f5de-4c12-bf61-9e2641433687',
	description:
		'The ID of the call connection, from the CallConnected event or the Answer/Create output',
};

export const incomingCallContextProperty: INodeProperties = {
	displayName: 'Incoming Call Context',
	name: 'incomingCallContext',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.data.incomingCallContext }}',
	description:
		'The context of the ringing call, from the IncomingCall event (data.incomingCallContext)',
};

export const callbackUriProperty: INodeProperties = {
	displayName: 'Callback URI',
	name: 'callbackUri',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. https://n8n.example.com/webhook/…/callautomation?secret=…',
	description:
		"Where ACS sends this call's events (CallConnected, PlayCompleted, …): normally the Call Automation URL of an Azure Communication Services Trigger with ?secret= appended. Must be https.",
};

const PARTICIPANT_HINT =
	'A phone number in E.164 form (e.g. +14255550123), an ACS user ID (8:acs:…) or a Teams user ID (8:orgid:…)';

/** A text parameter that holds one participant (read with readIdentifier). */
export function participantProperty(
	displayName: string,
	name: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. +14255550123 or 8:acs:…',
		description: `${description}. ${PARTICIPANT_HINT}.`,
	};
}

export const sourceCallerIdNumberProperty: INodeProperties = {
	displayName: 'Source Caller ID Number',
	name: 'sourceCallerIdNumber',
	type: 'string',
	default: '',
	placeholder: 'e.g. +14255550100',
	description:
		'The phone number the callee sees, in E.164 form: a number of this ACS resource. Required when calling a phone number.',
};

/** Call creation's caller ID: from version 2 a picker listing the resource's numbers that can place calls. */
export const sourceCallerIdNumberProperties = changedInVersion(
	2,
	sourceCallerIdNumberProperty,
	resourceLocator({
		displayName: 'Source Caller ID Number',
		name: 'sourceCallerIdNumber',
		description:
			'The phone number the callee sees: a number of this ACS resource that can place calls. Required when calling a phone number.',
		searchListMethod: 'searchCallingNumbers',
		listPlaceholder: 'Select a number…',
		id: { placeholder: 'e.g. +14255550100' },
		required: false,
	}),
);

export const sourceDisplayNameOption: INodeProperties = {
	displayName: 'Source Display Name',
	name: 'sourceDisplayName',
	type: 'string',
	default: '',
	placeholder: 'e.g. Contoso Support',
	description: 'The name a phone callee may see with the caller ID',
};

export const operationContextOption: INodeProperties = {
	displayName: 'Operation Context',
	name: 'operationContext',
	type: 'string',
	default: '',
	description: 'A value of your choice that comes back in the events of this request',
};

export function operationCallbackUriOption(events: string): INodeProperties {
	return {
		displayName: 'Operation Callback URI',
		name: 'operationCallbackUri',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/acs/events',
		description: `Where the ${events} event is sent, instead of the call's callback URI. Must be https.`,
	};
}

/** The options of Answer and Create that set the call up: media streaming and Azure AI services. */
export const callSetupOptions: INodeProperties[] = [
	{
		displayName: 'Cognitive Services Endpoint',
		name: 'cognitiveServicesEndpoint',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://my-ai-services.cognitiveservices.azure.com/',
		description:
			'The endpoint of an Azure AI services resource connected to this ACS resource, needed to play text or SSML and to recognize speech in this call',
	},
	{
		displayName: 'Media Streaming',
		name: 'mediaStreaming',
		type: 'collection',
		default: {},
		placeholder: 'Add Media Streaming Setting',
		description:
			"Stream the call's audio to a WebSocket (add at least the Transport URL). Streaming can only be started (now or later with Start Media Streaming) on a call answered or placed with these settings.",
		options: [
			{
				displayName: 'Audio Channel Type',
				name: 'audioChannelType',
				type: 'options',
				options: [
					{ name: 'Mixed', value: 'mixed', description: 'All participants in one channel' },
					{
						name: 'Unmixed',
						value: 'unmixed',
						description: 'One channel per participant',
					},
				],
				default: 'mixed',
			},
			{
				displayName: 'Audio Format',
				name: 'audioFormat',
				type: 'options',
				options: [
					{ name: 'PCM 16 kHz Mono', value: 'pcm16KMono' },
					{ name: 'PCM 24 kHz Mono', value: 'pcm24KMono' },
				],
				default: 'pcm16KMono',
			},
			{
				displayName: 'Content Type',
				name: 'contentType',
				type: 'options',
				options: [{ name: 'Audio', value: 'audio' }],
				default: 'audio',
				description: 'What is streamed',
			},
			{
				displayName: 'Enable Bidirectional',
				name: 'enableBidirectional',
				type: 'boolean',
				default: false,
				description: 'Whether your service may send audio back into the call',
			},
			{
				displayName: 'Start Media Streaming',
				name: 'startMediaStreaming',
				type: 'boolean',
				default: false,
				description:
					'Whether to start streaming as soon as the call connects, instead of on Start Media Streaming',
			},
			{
				displayName: 'Transport URL',
				name: 'transportUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. wss://media.example.com/acs',
				description: 'The wss:// address of your service that receives the audio',
			},
		],
	},
	operationContextOption,
];

function readCognitiveServicesEndpoint(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
): string | undefined {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return undefined;
	if (!parseHttpsUrl(text)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Cognitive Services Endpoint "${text}" is not an https URL`,
			{
				itemIndex,
				description:
					'Enter the https endpoint of your Azure AI services resource, e.g. https://my-ai-services.cognitiveservices.azure.com/.',
			},
		);
	}
	return text;
}

/**
 * `mediaStreamingOptions` as the SDK serialises it (WebSocketMediaStreamingOptions: the discriminator
 * first, then the fields in the order of the SDK's model).
 */
function readMediaStreaming(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: IDataObject | undefined,
): IDataObject | undefined {
	if (!settings) return undefined;
	const transportUrl = readWebSocketUrl(ctx, itemIndex, settings.transportUrl, 'Transport URL');
	return {
		transportType: 'websocket',
		audioChannelType: settings.audioChannelType ?? 'mixed',
		transportUrl,
		contentType: settings.contentType ?? 'audio',
		startMediaStreaming: settings.startMediaStreaming === true,
		enableBidirectional: settings.enableBidirectional === true,
		audioFormat: settings.audioFormat ?? 'pcm16KMono',
	};
}

/** What Answer and Create both send: the callback URI, and the call's settings from `options`. */
export function readCallSetup(
	ctx: IExecuteFunctions,
	itemIndex: number,
): {
	callbackUri?: string;
	operationContext?: string;
	callIntelligenceOptions?: IDataObject;
	mediaStreamingOptions?: IDataObject;
} {
	const callbackUri = readCallbackUri(
		ctx,
		itemIndex,
		ctx.getNodeParameter('callbackUri', itemIndex, ''),
		'Callback URI',
		true,
	);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const endpoint = readCognitiveServicesEndpoint(ctx, itemIndex, options.cognitiveServicesEndpoint);
	const added = options.mediaStreaming as IDataObject | undefined;
	const streaming = added && Object.keys(added).length > 0 ? added : undefined;
	return {
		callbackUri,
		operationContext: optionalText(options.operationContext),
		callIntelligenceOptions: endpoint ? { cognitiveServicesEndpoint: endpoint } : undefined,
		mediaStreamingOptions: readMediaStreaming(ctx, itemIndex, streaming),
	};
}

/** Operation Context and Operation Callback URI from the `options` collection. */
export function readOperationFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { operationContext?: string; operationCallbackUri?: string } {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		operationContext: optionalText(options.operationContext),
		operationCallbackUri: readCallbackUri(
			ctx,
			itemIndex,
			options.operationCallbackUri,
			'Operation Callback URI',
		),
	};
}

export function optionalText(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The caller ID (PhoneNumberIdentifierModel `{value, isAnonymous}`, as the SDK sends it) from a parameter. ACS needs
 * one to call a phone number, so with a phone participant an empty one is refused before sending.
 */
export function readSourceCallerId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	participants: IDataObject[],
): IDataObject | undefined {
	const text = readText(ctx, itemIndex, parameter, 'Source Caller ID Number').trim();
	if (text === '') {
		if (!participants.some(isPhoneNumberIdentifier)) return undefined;
		throw new NodeOperationError(
			ctx.getNode(),
			'Source Caller ID Number is required to call a phone number',
			{
				itemIndex,
				description:
					'Enter a phone number of this ACS resource in E.164 form (e.g. +14255550100): ACS shows it to the callee and refuses calls to phone numbers without one.',
			},
		);
	}
	return {
		value: readPhoneNumber(ctx, itemIndex, parameter, 'Source Caller ID Number'),
		isAnonymous: false,
	};
}

/** The IncomingCall event's context: opaque and long (no ID length limit), but never empty. */
export function readIncomingCallContext(ctx: IExecuteFunctions, itemIndex: number): string {
	const context = readText(ctx, itemIndex, 'incomingCallContext', 'Incoming Call Context').trim();
	if (context === '') {
		throw new NodeOperationError(ctx.getNode(), 'Incoming Call Context is empty', {
			itemIndex,
			description:
				'Map it from the IncomingCall event of an Azure Communication Services Trigger: {{ $json.data.incomingCallContext }}.',
		});
	}
	return context;
}

/** A call connection as ACS returns it, as the output item: its callback URI without the trigger secret. */
export function callConnectionItem(body: unknown): INodeExecutionData[] {
	const connection = { ...((body ?? {}) as IDataObject) };
	if (connection.callbackUri !== undefined)
		connection.callbackUri = maskTriggerSecret(connection.callbackUri) as string;
	return [{ json: connection }];
}
