/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
/**
 * n8n's DI container and backend Logger, loaded exactly as n8n-core loads them.
 *
 * npm installs several copies of `@n8n/di` / `@n8n/backend-common` (the hoisted ones come from
 * @n8n/node-cli and are older; n8n-core, n8n-nodes-base, @n8n/client-oauth2 each get their own
 * nested copy). Every copy has its own Container, so services must be registered in the one
 * n8n-core resolves — never `import { Container } from '@n8n/di'` in tests; use this module.
 */
import path from 'node:path';

import type * as DiModule from '@n8n/di';
import type * as BackendCommonModule from '@n8n/backend-common';

const coreDir = path.dirname(require.resolve('n8n-core/package.json'));

function requireFromCore<T>(id: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(require.resolve(id, { paths: [coreDir] })) as T;
}

/** The subset of @n8n/di's Container the harness and tests use. */
export interface DiContainer {
	has<T>(type: DiModule.ServiceIdentifier<T>): boolean;
	get<T>(type: DiModule.ServiceIdentifier<T>): T;
	set<T>(type: DiModule.ServiceIdentifier<T>, instance: T): void;
	reset(): void;
}

export const Container: DiContainer = requireFromCore<typeof DiModule>('@n8n/di').Container;
export const { Logger } = requireFromCore<typeof BackendCommonModule>('@n8n/backend-common');
