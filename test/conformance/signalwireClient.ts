import { RestClient } from '@signalwire/compatibility-api';

import type { Emulator, RecordedRequest } from '../../emulator';
import { isSuccess, wire, type Wire } from './wire';

/**
 * What the SignalWire conformance tests share: the official client pointed at the emulator, and the
 * comparison of its recorded request with the node's.
 *
 * Documented path difference: the official client addresses `{space}/2010-04-01/…` (its api domain has
 * no `/api/laml` prefix; SignalWire serves both), the node `{space}/api/laml/2010-04-01/…` as in
 * SignalWire's REST reference. Pages after the first follow `next_page_uri`, which carries the prefix,
 * so there both clients send the same path. The `.json` suffix is the same on both sides.
 */
export const LAML_PREFIX = '/api/laml';

/** The official client, pointed at the emulator the way test/emulator/signalwire.test.ts does. */
export function signalWireClient(emu: Emulator) {
	const c = RestClient(emu.signalwire.projectId, emu.signalwire.apiToken, {
		signalwireSpaceUrl: 'example.signalwire.com',
	});
	// baseUrl exists at runtime (twilio-node Domain) but is not in the typings.
	(c.api as unknown as { baseUrl: string }).baseUrl = emu.url;
	return c;
}

/** The node's path with the `/api/laml` prefix taken off, when (and only when) the SDK's path lacks it. */
export function withoutLamlPrefix(sdk: RecordedRequest): (node: Wire) => Wire {
	return (node) => {
		if (sdk.path.startsWith(`${LAML_PREFIX}/`)) return node;
		expect(node.path.startsWith(`${LAML_PREFIX}/2010-04-01/`)).toBe(true);
		return { ...node, path: node.path.slice(LAML_PREFIX.length) };
	};
}

export function expectSameWire(emu: Emulator, sdk: RecordedRequest, node: RecordedRequest) {
	expect({ endpoint: node.endpoint, success: isSuccess(node) }).toEqual({
		endpoint: sdk.endpoint,
		success: true,
	});
	expect(isSuccess(sdk)).toBe(true);
	expect(withoutLamlPrefix(sdk)(wire(node))).toEqual(wire(sdk));
	expect(wire(node).auth).toEqual({ scheme: 'Basic', user: emu.signalwire.projectId });
	// Same secret too, not only the same user.
	expect(node.headers.authorization).toBe(sdk.headers.authorization);
}
