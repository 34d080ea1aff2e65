import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';

import type { Emulator } from '../../emulator';

/** The host the SDK's tests use for recording locations; the SDK sends credentials only to `*.asm.skype.com`. */
export const SDK_STORAGE_HOST = 'us-storage.asm.skype.com';

/** A recording location as ACS hands it out, on the SDK's allowed host instead of the emulator's. */
export const asSkypeLocation = (emu: Emulator, location: string) =>
	location.replace(emu.recordingStorageUrl, `https://${SDK_STORAGE_HOST}`);

/**
 * An SDK `httpClient` that carries requests for `https://us-storage.asm.skype.com/…` to the emulator's
 * recording storage host over loopback http, keeping method, path and headers (Host included), and
 * https requests to the emulator (Entra needs an https endpoint) back to http.
 */
export function recordingStorageShim(emu: Emulator): { httpClient: HttpClient } {
	const inner = createDefaultHttpClient();
	const storage = `https://${SDK_STORAGE_HOST}`;
	const main = emu.url.replace(/^http:/, 'https:');
	return {
		httpClient: {
			sendRequest: (req) => {
				if (req.url.startsWith(`${storage}/`))
					req.url = `${emu.recordingStorageUrl}${req.url.slice(storage.length)}`;
				else if (req.url.startsWith(`${main}/`))
					req.url = `${emu.url}${req.url.slice(main.length)}`;
				req.allowInsecureConnection = true;
				return inner.sendRequest(req);
			},
		},
	};
}
