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

/** What to fix for SignalWire's error codes (Compatibility API error code reference). */
const CODE_HINTS: Record<string, string> = {
	'20009':
		'The message is still queued or being sent, or the call is still in progress. A message and its media can be deleted once it is delivered, undelivered or failed, a call once it has ended; try again later.',
	'21205':
		'The call has no valid cXML: give it a URL that answers with cXML, or inline cXML (Answer With).',
	'21208': 'The Timeout is out of range. Use 1 to 600 seconds.',
	'21217':
		'The To of the call is not a valid phone number or SIP address. Enter E.164, e.g. +15557654321, or sip:user@host.',
	'21220':
		'The call or recording is not in a state that allows this (e.g. the call has already ended, or the recording is already stopped). Get it to see its status.',
	'12100':
		'SignalWire could not parse the cXML of the call. Check that it is well-formed XML with a <Response> root.',
	'21210':
		'The From number is not a number of this project. Use one of your SignalWire phone numbers (Dashboard > Phone Numbers).',
	'21211':
		'The To number is missing or not a valid phone number. Enter it in E.164 form, e.g. +15557654321.',
	'21212': 'The From number is not valid. Enter it in E.164 form, e.g. +15551234567.',
	'21219':
		'Trial projects can only send to verified numbers. Verify the number in the SignalWire Dashboard or upgrade the project.',
	'21602': 'The message has neither a Body nor Media URLs. Add one of them.',
	'21603': 'The To or From number is missing or not valid. Enter both in E.164 form.',
	'21604': 'The To number is missing. Enter the recipient in E.164 form.',
	'21606':
		'The To number cannot receive text messages (e.g. a landline). Check that it is a mobile number.',
	'21610':
		'The recipient has blocked messages from this number (they replied STOP). Do not send to them again unless they opt back in (START).',
	'21612':
		'A media file is of a type SignalWire cannot send by MMS. Use a supported type such as JPEG, PNG, GIF or MP4.',
	'21617': 'The Body is too long. Keep it at 1600 characters or fewer.',
	'21620':
		'A Media URL is not valid or cannot be downloaded. Use public https URLs that SignalWire can fetch without signing in.',
	'21623': 'There are too many Media URLs. Send at most 8 per message.',
	'21705':
		'The message has no From number and no number group. Enter one of your SignalWire numbers as From.',
	'11751':
		'The media is too large for MMS. Keep the files of one message under about 1 MB (750 KB for toll-free numbers).',
};

function signalWireHint(status: number, detail: ServiceErrorDetail): string | undefined {
	const byCode = detail.code === undefined ? undefined : CODE_HINTS[detail.code];
	if (byCode) return byCode;
	switch (status) {
		case 401:
			return 'SignalWire did not accept the credentials. Check the Project ID and API token, and that the token has the Messaging scope (messages) or the Voice scope (calls, recordings).';
		case 403:
			return 'The API token is not allowed to do this. Give it the Messaging scope (messages) or the Voice scope (calls, recordings) in the SignalWire Dashboard (API > Tokens).';
		case 404:
			return 'Nothing was found under the given SID. Check it, and that it belongs to this project.';
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
