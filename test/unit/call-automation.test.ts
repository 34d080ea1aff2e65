/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import {
	createIdentifierFromRawId,
	type CommunicationIdentifier,
} from '@azure/communication-common';
import { createSerializer } from '@azure/core-client';
import { dirname, join } from 'path';

import { identifierFromText, repeatabilityHeaders } from '../../shared/acs/callAutomation';

/**
 * The participant identifiers the node sends, against what @azure/communication-call-automation sends
 * for the same raw ID: its own converter (communicationIdentifierModelConverter) and then its generated
 * serializer with the CommunicationIdentifierModel mapper, i.e. the request body's bytes.
 */
const sdkDist = dirname(require.resolve('@azure/communication-call-automation'));
// The converter and mappers are internal modules of the package (not in its exports map).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { communicationIdentifierModelConverter } = require(join(sdkDist, 'utli/converters.js')) as {
	communicationIdentifierModelConverter: (identifier: CommunicationIdentifier) => unknown;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mappers = require(join(sdkDist, 'generated/src/models/mappers.js')) as Record<
	string,
	unknown
>;
const serializer = createSerializer(Mappers as never);

function sdkWire(identifier: CommunicationIdentifier): string {
	const model = communicationIdentifierModelConverter(identifier);
	return JSON.stringify(
		serializer.serialize(Mappers.CommunicationIdentifierModel as never, model, 'identifier'),
	);
}

const GUID_A = 'bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd';
const GUID_B = '45ab2481-1c1c-4005-be24-0ffb879b1130';
const GUID_C = '01234567-89ab-cdef-0123-456789abcdef';

/** Raw IDs from communication-common's published identifier tests, and the Teams Phone extension form. */
const ACCEPTED = [
	`8:acs:${GUID_A}_${GUID_B}`,
	`8:spool:${GUID_A}_${GUID_B}`,
	`8:dod-acs:${GUID_A}_${GUID_B}`,
	`8:gcch-acs:${GUID_A}_${GUID_B}`,
	'8:acs:something',
	`8:orgid:${GUID_B}`,
	`8:dod:${GUID_B}`,
	`8:gcch:${GUID_B}`,
	`8:teamsvisitor:${GUID_B}`,
	'8:orgid:legacyFormat',
	'4:+112345556789',
	`28:orgid:${GUID_C}`,
	`28:gcch:${GUID_C}`,
	`28:dod:${GUID_C}`,
	`8:acs:${GUID_A}_${GUID_C}_${GUID_B}`,
	`8:dod-acs:${GUID_A}_${GUID_C}_${GUID_B}`,
	`8:gcch-acs:${GUID_A}_${GUID_C}_${GUID_B}`,
	`8:spool:${GUID_A}_${GUID_C}_${GUID_B}`,
];

/**
 * Raw IDs the SDK takes as unknown identifiers (no call target), and phone raw IDs that are not E.164
 * numbers (a GUID, an asserted ID, no plus, anonymous), which a user cannot mean as a number to call.
 */
const REFUSED = [
	`28:${GUID_B}`,
	`28:gcch-global:${GUID_C}`,
	`28:dod-global:${GUID_C}`,
	`28:ag08-global:${GUID_C}`,
	`48:${GUID_B}`,
	'',
	'   ',
	'4:112345556789',
	`4:${GUID_A}`,
	`4:${GUID_A}_${GUID_A}`,
	`4:+112345556789_${GUID_A}`,
	'4:anonymous',
	'8:acs:a:b',
	'8:orgid:a:b',
	'8:acs:',
	'8:orgid:',
	'8:acs:a b',
	`8:acs:${GUID_A}__${GUID_B}`,
	'+1 425 555 0123',
	'14255550123',
	'alice@example.com',
];

describe('identifierFromText against the SDK', () => {
	it.each(ACCEPTED)('%s is what the SDK sends for that raw ID', (rawId) => {
		const identifier = identifierFromText(rawId);
		expect(identifier).toBeDefined();
		expect(JSON.stringify(identifier)).toBe(sdkWire(createIdentifierFromRawId(rawId)));
	});

	it.each(['+14255550123', '+442071838750', '  +14255550123  '])(
		'%p (a bare E.164 number) is the SDK identifier of that phone number',
		(text) => {
			const sdk = sdkWire({ phoneNumber: text.trim() });
			expect(JSON.stringify(identifierFromText(text))).toBe(sdk);
			expect(sdk).toBe(sdkWire(createIdentifierFromRawId(`4:${text.trim()}`)));
		},
	);

	it('trims the text around a raw ID', () => {
		expect(JSON.stringify(identifierFromText(' 8:orgid:legacyFormat\n'))).toBe(
			sdkWire(createIdentifierFromRawId('8:orgid:legacyFormat')),
		);
	});

	it.each(REFUSED)('%p is refused', (text) => {
		expect(identifierFromText(text)).toBeUndefined();
	});

	it('the refused raw IDs that are not phone numbers are unknown to the SDK too', () => {
		const unknownToSdk = REFUSED.filter((text) => text.trim() !== '' && !/^4:|^\+|^\d+$/.test(text))
			.map((text) => createIdentifierFromRawId(text))
			.filter((identifier) => !('id' in identifier));
		// 8:acs:, 8:orgid:, `a b` and a double underscore are well-formed for the SDK but name nobody.
		expect(unknownToSdk.map((identifier) => JSON.stringify(identifier))).toEqual([
			expect.stringContaining('"communicationUserId":"8:acs:"'),
			expect.stringContaining('"microsoftTeamsUserId":""'),
			expect.stringContaining('"communicationUserId":"8:acs:a b"'),
			expect.stringContaining('"tenantId":""'),
		]);
	});
});

describe('repeatabilityHeaders', () => {
	it("sends First-Sent as the SDK's DateTimeRfc1123 and a fresh UUID per call", () => {
		const now = new Date('2026-03-12T08:09:10.456Z');
		const first = repeatabilityHeaders(now);
		const second = repeatabilityHeaders(now);
		const rfc1123 = serializer.serialize(
			{ serializedName: 'Repeatability-First-Sent', type: { name: 'DateTimeRfc1123' } },
			now,
			'repeatabilityFirstSent',
		) as string;
		expect(first['repeatability-first-sent']).toBe(rfc1123);
		expect(rfc1123).toBe('Thu, 12 Mar 2026 08:09:10 GMT');
		expect(first['repeatability-request-id']).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
		);
		expect(second['repeatability-request-id']).not.toBe(first['repeatability-request-id']);
	});
});
