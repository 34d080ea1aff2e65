import type { ServiceErrorDetail, ServiceProfile } from '../errors';

interface SignalWireErrorBody {
	code?: unknown;
	message?: unknown;
	more_info?: unknown;
	errors?: Array<{ code?: unknown; message?: unknown; detail?: unknown; title?: unknown }>;
}

/** `{code, message, more_info, status}` (Compatibility API) or `{errors:[…]}` (other SignalWire APIs). */
function readSignalWireError(body: unknown): ServiceErrorDetail {
	if (!body || typeof body !== 'object') return {};
	const error = body as SignalWireErrorBody;
	const first = Array.isArray(error.errors) ? error.errors[0] : undefined;
	const code = error.code ?? first?.code;
	const message = error.message ?? first?.detail ?? first?.message ?? first?.title;
	return {
		code: code === undefined || code === null ? undefined : String(code),
		message: typeof message === 'string' ? message : undefined,
		moreInfo: typeof error.more_info === 'string' ? error.more_info : undefined,
	};
}

function signalWireHint(status: number, detail: ServiceErrorDetail): string | undefined {
	if (detail.code === '20009') {
		return 'The message is still queued or being sent. It and its media can be changed once it is delivered, undelivered or failed; try again later.';
	}
	switch (status) {
		case 401:
			return 'SignalWire did not accept the credentials. Check the Project ID and API token, and that the token has the Messaging scope.';
		case 403:
			return 'The API token is not allowed to do this. Give it the Messaging scope in the SignalWire Dashboard (API > Tokens).';
		case 404:
			return 'Nothing was found under these SIDs. Check the SIDs, and that they belong to this project.';
		case 429:
			return 'SignalWire is rate limiting the project. The node retried; spread the work out or raise the Retries option.';
		default:
			return status >= 500 ? 'SignalWire had a problem. Try again later.' : undefined;
	}
}

export const signalWireService: ServiceProfile = {
	name: 'SignalWire',
	readError: readSignalWireError,
	hint: signalWireHint,
};
