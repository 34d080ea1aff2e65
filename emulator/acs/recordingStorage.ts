import type { Route } from '../http';

/** Routes of the recording storage host (ACS's `*.asm.skype.com`): content, metadata and delete by document ID. */
export function recordingStorageRoute(_method: string, _rawPath: string): Route | undefined {
	return undefined;
}
