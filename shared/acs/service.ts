import type { ServiceErrorDetail, ServiceProfile } from '../errors';

/** ACS error bodies: `{"error":{"code","message"}}` (Azure.Core ErrorResponse), code also in `x-ms-error-code`. */
function readAcsError(body: unknown, headers: Record<string, string>): ServiceErrorDetail {
	const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
	const code = typeof error?.code === 'string' ? error.code : headers['x-ms-error-code'];
	const message = typeof error?.message === 'string' ? error.message : undefined;
	return { code, message };
}

/** Error codes of Advanced Messaging with a hint of their own. */
const CODE_HINTS: Record<string, string> = {
	// WhatsApp's code for a free-form message outside the 24-hour customer service window.
	'131047':
		"WhatsApp delivers free-form messages only within 24 hours of the customer's last message. Send an approved template instead (Message Type: Template).",
};

function acsHint(status: number, detail: ServiceErrorDetail): string | undefined {
	const byCode = detail.code === undefined ? undefined : CODE_HINTS[detail.code];
	if (byCode) return byCode;
	switch (status) {
		case 401:
			return 'The service did not accept the credential. Check that the endpoint and key (or Entra app and tenant) belong to the same Communication Services resource, and that the key was not regenerated.';
		case 403:
			return 'The identity is not allowed to do this. For Entra ID, give the app a role such as Contributor on the Communication Services resource; for chat, the user must be a participant of the thread.';
		case 404:
			return 'Nothing was found under this ID. Check the ID and that it belongs to this Communication Services resource (IDs such as WhatsApp media IDs expire after a while).';
		case 412:
			return 'ACS tracks a repeatable request for 5 minutes after it was first sent, and the retries of this one took longer. Check whether the message arrived before sending it again.';
		case 429:
			return 'The resource is being throttled. The node retried as the service asked; spread the work out or raise the Retries option.';
		default:
			return status >= 500 ? 'The service had a problem. Try again later.' : undefined;
	}
}

export const acsService: ServiceProfile = {
	name: 'Azure Communication Services',
	readError: readAcsError,
	hint: acsHint,
};
