import { acsError, type EmuResponse, type RequestContext } from '../http';

/** api-version values each ACS service accepts. A `-preview` variant of any listed version is also accepted. */
export const API_VERSIONS = {
	media: ['2024-02-01', '2024-08-30', '2024-11-15', '2025-01-15-preview'],
	messages: [
		'2024-02-01',
		'2024-08-30',
		'2024-11-15',
		'2025-01-15-preview',
		'2025-04-01-preview',
		'2025-09-01-preview',
	],
	chat: ['2021-09-07', '2023-11-07', '2024-03-07', '2025-03-15'],
	calling: ['2023-10-15', '2024-09-15', '2025-05-15', '2026-03-12'],
	identity: ['2023-10-01', '2025-06-30'],
	phoneNumbers: ['2022-12-01', '2025-04-01', '2025-06-01'],
	sms: ['2021-03-07', '2022-07-07', '2024-01-02', '2024-02-05', '2025-09-17', '2026-01-23'],
	/** The opt-out operations first appear in the 2025-09-17 spec. */
	smsOptOuts: ['2025-09-17', '2026-01-23'],
	smsDeliveryReports: ['2026-01-23'],
	email: ['2023-03-31', '2025-09-01'],
} as const satisfies Record<string, readonly string[]>;

export type AcsService = keyof typeof API_VERSIONS;

function supported(service: AcsService, version: string): boolean {
	const list: readonly string[] = API_VERSIONS[service];
	return (
		list.includes(version) ||
		(version.endsWith('-preview') && list.includes(version.slice(0, -'-preview'.length)))
	);
}

/** undefined when every api-version value present is supported (generated clients may repeat it when following nextLink). */
export function checkApiVersion(ctx: RequestContext, service: AcsService): EmuResponse | undefined {
	const versions = ctx.query.getAll('api-version');
	if (versions.length === 0) {
		return acsError(
			400,
			'MissingApiVersionParameter',
			'The api-version query parameter (?api-version=) is required for all requests.',
		);
	}
	const bad = versions.find((v) => !supported(service, v));
	if (bad !== undefined) {
		return acsError(
			400,
			'UnsupportedApiVersion',
			`The HTTP resource that matches the request URI does not support the API version '${bad}'. Supported versions: ${API_VERSIONS[service].join(', ')}.`,
		);
	}
	return undefined;
}
