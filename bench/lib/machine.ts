/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only benchmark code: runs on Node and never ships in dist */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_DIR } from './processes';

function versionOf(pkg: string): string {
	try {
		const json = JSON.parse(
			readFileSync(path.join(REPO_DIR, 'node_modules', pkg, 'package.json'), 'utf8'),
		) as { version: string };
		return json.version;
	} catch {
		return 'unknown';
	}
}

export interface Machine {
	date: string;
	cpus: number;
	cpuModel: string;
	memoryGiB: number;
	os: string;
	node: string;
	n8nCore: string;
	n8nWorkflow: string;
	n8nNodesBase: string;
	curl: string;
}

export function machine(curlVersion: string): Machine {
	return {
		date: new Date().toISOString(),
		cpus: os.cpus().length,
		cpuModel: os.cpus()[0]?.model ?? 'unknown',
		memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.version,
		n8nCore: versionOf('n8n-core'),
		n8nWorkflow: versionOf('n8n-workflow'),
		n8nNodesBase: versionOf('n8n-nodes-base'),
		curl: curlVersion,
	};
}
