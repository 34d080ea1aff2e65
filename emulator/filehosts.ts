import { header, json, type EmuResponse, type RequestContext, type Route } from './http';
import { authenticationError, parseBasic } from './signalwire/auth';
import { validFileSignature } from './signalwire/media';
import { recordingMedia } from './signalwire/recordings';

function plain(status: number, text: string, headers: Record<string, string> = {}): EmuResponse {
	return {
		status,
		headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers },
		body: Buffer.from(text),
	};
}

/**
 * The SignalWire file host (redirect target for media content). URLs are pre-signed; the `protected`
 * fixture additionally needs the project's Basic credentials (Media URL Protection).
 */
export function fileHostRoute(method: string, rawPath: string): Route | undefined {
	const recording = /^\/recordings\/([^/]+)\/([^/.]+)\.(wav|mp3)$/.exec(rawPath);
	if (method === 'GET' && recording) {
		const [project, sid, format] = [recording[1]!, recording[2]!, recording[3] as 'wav' | 'mp3'];
		return {
			endpoint: 'filehost.get',
			handle: (ctx: RequestContext) => {
				const found = ctx.env.swVoice.recordings.get(sid);
				if (
					!found ||
					found.status !== 'completed' ||
					project !== ctx.env.secrets.signalwire.projectId
				)
					return plain(404, 'NoSuchKey');
				const file = `${sid}.${format}`;
				if (!validFileSignature(ctx, file, ctx.query.get('Expires'), ctx.query.get('Signature')))
					return plain(403, 'AccessDenied: bad or expired signature');
				return recordingMedia(found, format);
			},
		};
	}
	const m = /^\/files\/([^/]+)\/([^/]+)$/.exec(rawPath);
	if (method !== 'GET' || !m) return undefined;
	const [project, sid] = [m[1]!, m[2]!];
	return {
		endpoint: 'filehost.get',
		handle: (ctx: RequestContext) => {
			const media = ctx.env.state.swMedia.get(sid);
			if (
				!media ||
				project !== ctx.env.secrets.signalwire.projectId ||
				media.delivery === 'direct' ||
				media.delivery === 'untyped' ||
				media.delivery === 'foreign'
			) {
				return plain(404, 'NoSuchKey');
			}
			if (!validFileSignature(ctx, sid, ctx.query.get('Expires'), ctx.query.get('Signature')))
				return plain(403, 'AccessDenied: bad or expired signature');
			if (media.delivery === 'protected') {
				const creds = parseBasic(ctx);
				const sw = ctx.env.secrets.signalwire;
				if (!creds || creds.user !== sw.projectId || creds.password !== sw.apiToken)
					return authenticationError();
			}
			return { status: 200, headers: { 'Content-Type': media.contentType }, body: media.bytes };
		},
	};
}

/**
 * A host outside SignalWire/ACS. It serves plausible content (media bytes, an empty chat page) so a
 * client that follows a redirect or nextLink there succeeds; tests then inspect requests() to assert
 * that no Authorization header ever arrived.
 */
export function foreignHostRoute(method: string, rawPath: string): Route {
	if (method !== 'GET')
		return { endpoint: 'foreign.other', handle: () => plain(405, 'method not allowed') };
	return {
		endpoint: 'foreign.get',
		handle: (ctx: RequestContext) => {
			const media = /^\/media\/([^/]+)$/.exec(rawPath);
			if (media) {
				const found = ctx.env.state.swMedia.get(media[1]!);
				return found
					? { status: 200, headers: { 'Content-Type': found.contentType }, body: found.bytes }
					: plain(404, 'not found');
			}
			const recording = /^\/recordings\/([^/.]+)\.(wav|mp3)$/.exec(rawPath);
			const recorded = recording && ctx.env.swVoice.recordings.get(recording[1]!);
			if (recorded && recorded.status === 'completed')
				return recordingMedia(recorded, recording[2] as 'wav' | 'mp3');
			if (/^\/chat\/threads\/[^/]+\/messages$/.test(rawPath)) return json(200, { value: [] });
			return plain(
				404,
				`not found${header(ctx, 'authorization') ? ' (and you sent credentials)' : ''}`,
			);
		},
	};
}
