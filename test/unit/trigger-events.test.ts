/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests): runs on Node and never ships in dist */
import { readFileSync } from 'fs';
import { dirname, join } from 'path';

import {
	CALL_AUTOMATION_EVENTS,
	EVENT_GRID_EVENTS,
} from '../../nodes/AzureCommunicationServicesTrigger/events';

/** Every event type the official SDK's callback parser knows, read from its source. */
function sdkCallbackTypes(): string[] {
	const parser = readFileSync(
		join(
			dirname(require.resolve('@azure/communication-call-automation')),
			'callAutomationEventParser.js',
		),
		'utf8',
	);
	return [
		...new Set([...parser.matchAll(/case "(Microsoft\.Communication\.\w+)"/g)].map((m) => m[1])),
	];
}

/**
 * Every ACS system event type `@azure/eventgrid` knows (its `SystemEventNameToEventData` keys). The
 * SDK's key for the Job Router selector expiry lacks a "d"; the event ACS sends, and the SDK's own data
 * model, are `RouterJobWorkerSelectorsExpired`.
 */
function sdkEventGridTypes(): string[] {
	const predicates = readFileSync(
		join(dirname(require.resolve('@azure/eventgrid')), 'predicates.d.ts'),
		'utf8',
	);
	const types = [...predicates.matchAll(/^\s+"(Microsoft\.Communication\.\w+)":/gm)].map(
		(m) => m[1],
	);
	return [...new Set(types)].map((type) =>
		type.endsWith('.RouterJobWorkerSelectorsExpire') ? `${type}d` : type,
	);
}

describe('ACS Trigger event lists', () => {
	it('offer every ACS event type of @azure/eventgrid for Event Grid, and nothing else', () => {
		const offered = EVENT_GRID_EVENTS.map((option) => option.value).filter((v) => v !== '*');
		const sdk = sdkEventGridTypes();
		expect(sdk.length).toBeGreaterThan(50);
		expect([...offered].sort()).toEqual([...sdk].sort());
	});

	it('offer every Call Automation callback the SDK parses, and nothing else', () => {
		const offered = CALL_AUTOMATION_EVENTS.map((option) => option.value).filter((v) => v !== '*');
		const sdk = sdkCallbackTypes();
		expect(sdk.length).toBeGreaterThan(30);
		expect([...offered].sort()).toEqual([...sdk].sort());
	});

	it('name each event in words', () => {
		const names = Object.fromEntries(CALL_AUTOMATION_EVENTS.map((o) => [o.value, o.name]));
		expect(names['Microsoft.Communication.RecognizeCompleted']).toBe('Recognize Completed');
		expect(names['Microsoft.Communication.ContinuousDtmfRecognitionToneReceived']).toBe(
			'Continuous Dtmf Recognition Tone Received',
		);
	});
});
