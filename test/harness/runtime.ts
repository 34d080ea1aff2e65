/**
 * Process-wide (per jest module registry) n8n runtime: the capturing logger and the filesystem
 * BinaryDataService, both living in @n8n/di's Container exactly where n8n-core looks them up.
 */
import { harnessEnv, removeHarnessDirs } from './setup-env';

import { BinaryDataConfig, BinaryDataService } from 'n8n-core';
import { LoggerProxy } from 'n8n-workflow';

import { CapturingLogger } from './logger';
import { Container, Logger } from './n8n-deps';

export const capturingLogger = new CapturingLogger();

let loggerInstalled = false;
let binaryReady: Promise<void> | undefined;
let openHarnesses = 0;

function installLogger(): void {
	if (loggerInstalled) return;
	loggerInstalled = true;
	// Registered before anything constructs n8n's real Logger (which would also grab LoggerProxy).
	Container.set(Logger, capturingLogger as unknown as InstanceType<typeof Logger>);
	LoggerProxy.init(capturingLogger);
}

/** Installs the logger and initialises BinaryDataService (filesystem mode) once. */
export async function initRuntime(): Promise<void> {
	installLogger();
	binaryReady ??= (async () => {
		const { binaryDataPath } = harnessEnv();
		const config = Container.get(BinaryDataConfig);
		// Already read from the env set by setup-env.ts; set again explicitly in case some other
		// code constructed the config before the env was in place.
		config.mode = 'filesystem';
		config.localStoragePath = binaryDataPath;
		await Container.get(BinaryDataService).init();
	})();
	await binaryReady;
}

export function harnessOpened(): void {
	installLogger();
	openHarnesses++;
}

/** When the last open harness closes, the temp folders go; a later harness re-creates them. */
export function harnessClosed(): void {
	openHarnesses = Math.max(0, openHarnesses - 1);
	if (openHarnesses === 0) {
		removeHarnessDirs();
		binaryReady = undefined;
	}
}
