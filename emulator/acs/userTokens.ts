import type { Secrets } from '../env';
import { nowSeconds, signJwt } from '../tokens';

export const USER_SCOPES = ['chat', 'voip', 'chat.join', 'chat.join.limited', 'voip.join'] as const;
export type UserScope = (typeof USER_SCOPES)[number];

/** `8:acs:<resourceId>_<guid>`: the raw id of an ACS user. */
const USER_ID =
	/^8:acs:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function parseAcsUserId(id: string): { resourceId: string } | undefined {
	const m = USER_ID.exec(id);
	return m ? { resourceId: m[1]!.toLowerCase() } : undefined;
}

/** Bit flags in `scp`, mirroring ACS tokens (chat 1792 = chat read/write/manage). */
const SCOPE_BITS: Record<UserScope, number> = {
	chat: 1792,
	voip: 16384,
	'chat.join': 1024,
	'chat.join.limited': 512,
	'voip.join': 8192,
};

export interface IssuedUserToken {
	token: string;
	expiresOn: string;
}

/** Mint an ACS user access token. `expiresAt` may be in the past (tests of expired tokens). */
export function mintUserToken(
	secrets: Secrets,
	userId: string,
	scopes: readonly UserScope[],
	expiresAt: Date,
): IssuedUserToken {
	const iat = nowSeconds();
	const parsed = parseAcsUserId(userId);
	const payload = {
		skypeid: userId.replace(/^8:/, ''),
		scp: scopes.reduce((bits, s) => bits | SCOPE_BITS[s], 0),
		csi: String(iat),
		exp: Math.floor(expiresAt.getTime() / 1000),
		rgn: 'emu',
		acsScope: scopes.join(','),
		resourceId: parsed?.resourceId ?? '',
		resourceLocation: 'unitedstates',
		iat,
	};
	return {
		token: signJwt(payload, secrets.userTokenKey, 'acs-emulator-user'),
		expiresOn: new Date(payload.exp * 1000).toISOString(),
	};
}
