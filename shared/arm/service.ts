import type { ServiceErrorDetail, ServiceProfile } from '../errors';

/** Resource Manager error bodies: `{"error":{"code","message"}}`, the code also in `x-ms-failure-cause`. */
function readArmError(body: unknown, headers: Record<string, string>): ServiceErrorDetail {
	const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
	return {
		code: typeof error?.code === 'string' ? error.code : headers['x-ms-failure-cause'],
		message: typeof error?.message === 'string' ? error.message : undefined,
	};
}

function armHint(status: number, detail: ServiceErrorDetail): string | undefined {
	switch (status) {
		case 401:
			return 'Resource Manager did not accept the token. Check the tenant ID, client ID and secret of the Azure Resource Manager credential, and that the secret has not expired.';
		case 403:
			return detail.message?.includes('Microsoft.EventGrid/')
				? 'Give the app the role "EventGrid EventSubscription Contributor" on the Communication Services resource (Access control (IAM) > Add role assignment), then try again.'
				: 'Give the app the role "Reader" on the subscription or resource group of the Communication Services resource, then try again.';
		case 404:
			return 'Nothing was found under this ID. Check the resource ID (it names the subscription, resource group and resource) and that the credential is for the tenant it belongs to.';
		case 429:
			return 'Resource Manager is throttling the app. Try again in a minute.';
		default:
			return status >= 500 ? 'Azure Resource Manager had a problem. Try again later.' : undefined;
	}
}

export const armService: ServiceProfile = {
	name: 'Azure Resource Manager',
	readError: readArmError,
	hint: armHint,
};
