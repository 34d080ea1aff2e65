/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
	prepareDelivery,
	toCloudEvent,
	type DeliveryKind,
	type DeliveryOptions,
	type DeliverySource,
} from '../deliver';
import { ARM_ROLES, type ArmRole } from './auth';

/**
 * Event Grid subscriptions on ACS resources as Resource Manager keeps them: each PUT is a long-running
 * operation that ends once the emulator has performed the validation handshake against the webhook
 * (a POST of SubscriptionValidationEvent, or the CloudEvents OPTIONS request), each DELETE one that ends
 * after `deleteDelayMs`; `publish` then delivers events only to the subscriptions that succeeded.
 */

export type EventDeliverySchema = 'EventGridSchema' | 'CloudEventSchemaV1_0' | 'CustomInputSchema';
export type ProvisioningState = 'Creating' | 'Updating' | 'Deleting' | 'Succeeded' | 'Failed';

export interface ArmSettings {
	/** Roles the app registration holds on every scope; default both. */
	roles: ArmRole[];
	/** How long the webhook may take to answer the handshake (default 30 s, as Event Grid). */
	handshakeTimeoutMs: number;
	/** Pause before the one retry of a failed handshake (default 5 s). */
	handshakeRetryDelayMs: number;
	/** How long a deletion runs before the subscription is gone (default 200 ms). */
	deleteDelayMs: number;
	/** Extra pause between the PUT's answer and the handshake (default 0). */
	operationDelayMs: number;
}

export const DEFAULT_ARM_SETTINGS: Readonly<ArmSettings> = {
	roles: [...ARM_ROLES],
	handshakeTimeoutMs: 30_000,
	handshakeRetryDelayMs: 5_000,
	deleteDelayMs: 200,
	operationDelayMs: 0,
};

export interface EventSubscriptionRecord {
	name: string;
	/** The ACS resource ID, spelled as the fixtures spell it. */
	scope: string;
	/** With its query (the secret): only getFullUrl and deliveries show it. */
	endpointUrl: string;
	maxEventsPerBatch: number;
	preferredBatchSizeInKilobytes: number;
	includedEventTypes: string[] | null;
	/** The filter as echoed back (includedEventTypes and the subject defaults filled in). */
	filter: Record<string, unknown>;
	eventDeliverySchema: EventDeliverySchema;
	retryPolicy: { maxDeliveryAttempts: number; eventTimeToLiveInMinutes: number };
	labels: string[];
	provisioningState: ProvisioningState;
	/** Bumped by every PUT and DELETE, so a superseded handshake or deletion leaves the record alone. */
	generation: number;
}

export interface ArmOperation {
	name: string;
	status: 'InProgress' | 'Succeeded' | 'Failed';
	error?: { code: string; message: string };
	startTime: string;
	endTime?: string;
}

export interface EventSubscriptionSnapshot {
	name: string;
	scope: string;
	endpointUrl: string;
	endpointBaseUrl: string;
	includedEventTypes: string[] | null;
	eventDeliverySchema: EventDeliverySchema;
	provisioningState: ProvisioningState;
	labels: string[];
}

export interface PublishResult {
	subscription: string;
	status: number;
	body: string;
}

/** The event types of each kind `publish` sends (resource events in Event Grid schema only). */
const PUBLISHED_EVENT_TYPES: Partial<Record<DeliveryKind, (options: DeliveryOptions) => string[]>> =
	{
		'eventgrid-advanced-message': () => ['Microsoft.Communication.AdvancedMessageReceived'],
		'eventgrid-whatsapp-document': () => ['Microsoft.Communication.AdvancedMessageReceived'],
		'eventgrid-batch': (options) =>
			[
				'Microsoft.Communication.AdvancedMessageReceived',
				'Microsoft.Communication.AdvancedMessageDeliveryStatusUpdated',
			].slice(0, Math.min(2, options.events ?? 3)),
		'eventgrid-incoming-call': () => ['Microsoft.Communication.IncomingCall'],
		'eventgrid-sms-received': () => ['Microsoft.Communication.SMSReceived'],
		'eventgrid-sms-delivery-report': () => ['Microsoft.Communication.SMSDeliveryReportReceived'],
		'eventgrid-email-delivery-report': () => [
			'Microsoft.Communication.EmailDeliveryReportReceived',
		],
	};

export const PUBLISH_KINDS = Object.keys(PUBLISHED_EVENT_TYPES) as DeliveryKind[];

export function endpointBaseUrl(endpointUrl: string): string {
	const url = new URL(endpointUrl);
	return `${url.origin}${url.pathname}`;
}

export function subscriptionKey(scope: string, name: string): string {
	return `${scope.toLowerCase()}\n${name.toLowerCase()}`;
}

type HandshakeOutcome = { ok: true } | { ok: false; message: string };

export class ArmService {
	settings: ArmSettings = { ...DEFAULT_ARM_SETTINGS, roles: [...DEFAULT_ARM_SETTINGS.roles] };
	/** By `subscriptionKey`, in creation order. */
	eventSubscriptions = new Map<string, EventSubscriptionRecord>();
	/** By lower-cased operation name (a GUID). */
	operations = new Map<string, ArmOperation>();
	/** Aborted on reset and close, so no handshake or deletion outlives its state. */
	private lifetime = new AbortController();

	constructor(private readonly source: () => DeliverySource | undefined) {}

	reset(): void {
		this.lifetime.abort();
		this.lifetime = new AbortController();
		this.settings = { ...DEFAULT_ARM_SETTINGS, roles: [...DEFAULT_ARM_SETTINGS.roles] };
		this.eventSubscriptions = new Map();
		this.operations = new Map();
	}

	stop(): void {
		this.lifetime.abort();
	}

	startOperation(): ArmOperation {
		const operation: ArmOperation = {
			name: randomUUID(),
			status: 'InProgress',
			startTime: new Date().toISOString(),
		};
		this.operations.set(operation.name.toLowerCase(), operation);
		return operation;
	}

	snapshots(): EventSubscriptionSnapshot[] {
		return [...this.eventSubscriptions.values()].map((r) => ({
			name: r.name,
			scope: r.scope,
			endpointUrl: r.endpointUrl,
			endpointBaseUrl: endpointBaseUrl(r.endpointUrl),
			includedEventTypes: r.includedEventTypes && [...r.includedEventTypes],
			eventDeliverySchema: r.eventDeliverySchema,
			provisioningState: r.provisioningState,
			labels: [...r.labels],
		}));
	}

	/** Runs after the PUT was answered: the handshake (one retry), then the operation's outcome. */
	validate(record: EventSubscriptionRecord, operation: ArmOperation): void {
		const { generation } = record;
		const signal = this.lifetime.signal;
		const run = async () => {
			const { operationDelayMs, handshakeRetryDelayMs } = this.settings;
			if (operationDelayMs > 0) await sleep(operationDelayMs, undefined, { signal });
			let outcome = await this.handshake(record, signal);
			if (!outcome.ok) {
				await sleep(handshakeRetryDelayMs, undefined, { signal });
				outcome = await this.handshake(record, signal);
			}
			operation.status = outcome.ok ? 'Succeeded' : 'Failed';
			if (!outcome.ok) operation.error = { code: 'Url validation', message: outcome.message };
			operation.endTime = new Date().toISOString();
			if (record.generation === generation)
				record.provisioningState = outcome.ok ? 'Succeeded' : 'Failed';
		};
		// Only a reset or close interrupts it, and then nobody is left to tell.
		run().catch(() => undefined);
	}

	/** Marks the subscription Deleting and removes it after `deleteDelayMs`. */
	remove(key: string, record: EventSubscriptionRecord, operation: ArmOperation): void {
		record.generation++;
		record.provisioningState = 'Deleting';
		const { generation } = record;
		const map = this.eventSubscriptions;
		sleep(this.settings.deleteDelayMs, undefined, { signal: this.lifetime.signal })
			.then(() => {
				if (map.get(key) === record && record.generation === generation) map.delete(key);
				operation.status = 'Succeeded';
				operation.endTime = new Date().toISOString();
			})
			.catch(() => undefined);
	}

	private async handshake(
		record: EventSubscriptionRecord,
		lifetime: AbortSignal,
	): Promise<HandshakeOutcome> {
		const url = record.endpointUrl;
		const signal = AbortSignal.any([
			lifetime,
			AbortSignal.timeout(this.settings.handshakeTimeoutMs),
		]);
		const cloudEvents = record.eventDeliverySchema === 'CloudEventSchemaV1_0';
		const method = cloudEvents ? 'OPTIONS' : 'POST';
		const failed = (status: number | undefined, detail?: string): HandshakeOutcome => ({
			ok: false,
			message: `Webhook validation handshake failed for ${url}. Http ${method} request ${
				detail ?? `failed with response code ${status ?? 'Unknown'}`
			}. For troubleshooting, visit https://aka.ms/esvalidation. Activity id:${randomUUID()}, timestamp: ${new Date().toISOString()} (UTC).`,
		});
		let response: Response;
		let validationCode: unknown;
		try {
			if (cloudEvents) {
				response = await fetch(url, {
					method,
					headers: {
						'WebHook-Request-Origin': 'eventgrid.azure.net',
						'WebHook-Request-Rate': '120',
					},
					redirect: 'manual',
					signal,
				});
			} else {
				const source = this.source();
				if (!source) return failed(undefined);
				const prepared = prepareDelivery(source, 'eventgrid-validation', url, {});
				validationCode = (prepared.sent as Array<{ data: { validationCode: string } }>)[0]!.data
					.validationCode;
				response = await fetch(url, {
					method,
					headers: { ...prepared.headers, 'aeg-subscription-name': record.name.toUpperCase() },
					body: prepared.body,
					redirect: 'manual',
					signal,
				});
			}
		} catch (error) {
			if (lifetime.aborted) throw error;
			return failed(undefined);
		}
		const text = await response.text().catch(() => '');
		if (response.status !== 200) return failed(response.status);
		if (cloudEvents) {
			const allowed = response.headers.get('webhook-allowed-origin');
			return allowed === '*' || allowed === 'eventgrid.azure.net'
				? { ok: true }
				: failed(
						200,
						'returned 200 without a WebHook-Allowed-Origin header for eventgrid.azure.net',
					);
		}
		let answer: unknown;
		try {
			answer = JSON.parse(text);
		} catch {
			answer = undefined;
		}
		return (answer as { validationResponse?: unknown } | undefined)?.validationResponse ===
			validationCode
			? { ok: true }
			: failed(200, 'returned 200 without the validation code in validationResponse');
	}

	/**
	 * Delivers `kind` (one preparation, so every subscription gets the same event IDs, as from Event Grid)
	 * to each Succeeded subscription on `scope` whose event types include all of the delivery's.
	 */
	async publish(
		scope: string,
		kind: DeliveryKind,
		options: DeliveryOptions = {},
	): Promise<PublishResult[]> {
		const eventTypes = PUBLISHED_EVENT_TYPES[kind]?.(options);
		if (!eventTypes || kind === 'signalwire-inbound-call')
			throw new Error(
				`"${String(kind)}" is not an event an ACS resource publishes; use one of ${PUBLISH_KINDS.join(', ')}`,
			);
		const source = this.source();
		if (!source) throw new Error('emulator not ready');
		const targets = [...this.eventSubscriptions.values()].filter(
			(r) =>
				r.scope.toLowerCase() === scope.toLowerCase() &&
				r.provisioningState === 'Succeeded' &&
				(r.includedEventTypes === null ||
					eventTypes.every((type) => r.includedEventTypes!.includes(type))),
		);
		if (targets.length === 0) return [];
		const prepared = prepareDelivery(source, kind, targets[0]!.endpointUrl, options);
		const events = prepared.sent as Array<Record<string, unknown>>;
		const results: PublishResult[] = [];
		for (const target of targets) {
			const asCloudEvents = target.eventDeliverySchema === 'CloudEventSchemaV1_0';
			const response = await fetch(target.endpointUrl, {
				method: 'POST',
				headers: asCloudEvents
					? {
							'content-type': 'application/cloudevents-batch+json; charset=utf-8',
							...options.headers,
						}
					: {
							...prepared.headers,
							'aeg-subscription-name': target.name.toUpperCase(),
							...options.headers,
						},
				body: asCloudEvents ? JSON.stringify(events.map(toCloudEvent)) : prepared.body,
				redirect: 'manual',
			});
			results.push({
				subscription: target.name,
				status: response.status,
				body: await response.text(),
			});
		}
		return results;
	}
}
