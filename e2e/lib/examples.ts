/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (e2e tooling): runs on Node and never ships in dist */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { REPO } from './pack';

/** Where the examples' Read/Write Files from Disk nodes write; `npm start` allows it, the e2e rewrites it. */
export const EXAMPLE_FILES_ROOT = '/tmp/n8n-acs-signalwire';
export const EXAMPLE_FILE_FOLDERS = ['whatsapp-media', 'signalwire-media', 'call-recordings'];
export const EXAMPLES_DIR = join(REPO, 'examples');

/**
 * The examples that start from this package's triggers: `n8n execute` cannot run them (e2e/triggers.ts
 * does). The reminder call starts from a schedule, but its calls post to its own SignalWire Trigger, so
 * it runs where n8n serves that trigger.
 */
export const TRIGGER_EXAMPLES = {
	whatsApp: 'acs-trigger.whatsapp-media.json',
	callbacks: 'acs-trigger.call-media-streaming.json',
	signalWire: 'signalwire-trigger.mms-media.json',
	whatsAppReply: 'whatsapp-reply.json',
	signalWireReply: 'signalwire-mms-reply.json',
	phoneMenu: 'acs-call.phone-menu.json',
	streamAudio: 'acs-call.stream-audio.json',
	smsReply: 'acs-sms-reply.json',
	documentByEmail: 'acs-whatsapp-document-email.json',
	voicemail: 'signalwire-voicemail.json',
	reminderCall: 'signalwire-reminder-call.json',
} as const;

/**
 * What the call examples' Settings node holds until the user pastes their own Call Automation trigger
 * URL there: n8n's address and the trigger credential's secret.
 */
const PLACEHOLDER_N8N_URL = 'https://your-n8n.example.com';
const PLACEHOLDER_SECRET = 'YOUR_TRIGGER_SECRET';

export interface WorkflowNode {
	name: string;
	type: string;
	typeVersion?: number;
	position?: number[];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface WorkflowFile {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface Example {
	file: string;
	workflow: WorkflowFile;
}

export async function loadExamples(): Promise<Example[]> {
	const files = (await readdir(EXAMPLES_DIR)).filter((f) => f.endsWith('.json')).sort();
	return await Promise.all(
		files.map(async (file) => ({
			file,
			workflow: JSON.parse(await readFile(join(EXAMPLES_DIR, file), 'utf8')) as WorkflowFile,
		})),
	);
}

/** The example as n8n should import it, with its output folder moved (JSON text replace of the one root). */
export function relocate(workflow: WorkflowFile, filesRoot: string): WorkflowFile {
	return JSON.parse(
		JSON.stringify(workflow).split(EXAMPLE_FILES_ROOT).join(filesRoot),
	) as WorkflowFile;
}

/** The example with the placeholders of its trigger URLs filled in, as a user fills them in. */
export function withTriggerUrls(
	workflow: WorkflowFile,
	n8nUrl: string,
	webhookSecret: string,
): WorkflowFile {
	const text = JSON.stringify(workflow)
		.split(PLACEHOLDER_N8N_URL)
		.join(n8nUrl)
		.split(PLACEHOLDER_SECRET)
		.join(encodeURIComponent(webhookSecret));
	return JSON.parse(text) as WorkflowFile;
}

/** A copy of a workflow whose nodes use another credential (the e2e's failure workflows). */
export function withCredential(
	workflow: WorkflowFile,
	id: string,
	name: string,
	credential: { id: string; name: string },
): WorkflowFile {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowFile;
	copy.id = id;
	copy.name = name;
	for (const node of copy.nodes) {
		for (const type of Object.keys(node.credentials ?? {}))
			node.credentials![type] = { ...credential };
	}
	return copy;
}

/** The manual trigger of the workflows the e2e builds itself. */
export const MANUAL_TRIGGER = 'Start';

/**
 * A workflow the e2e builds itself: a manual trigger, then `nodes` one after the other, optionally with
 * items pinned on the trigger.
 */
export function manualWorkflow(
	name: string,
	nodes: WorkflowNode[],
	options: { id?: string; pinned?: Array<Record<string, unknown>> } = {},
): WorkflowFile {
	const chain: WorkflowNode[] = [
		{ name: MANUAL_TRIGGER, type: 'n8n-nodes-base.manualTrigger', parameters: {}, typeVersion: 1 },
		...nodes,
	];
	const connections: Record<string, unknown> = {};
	for (const [i, node] of chain.slice(0, -1).entries())
		connections[node.name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
	return {
		id: options.id ?? '',
		name,
		nodes: chain.map((node, i) => ({ ...node, position: [i * 220, 0] })),
		connections,
		settings: { executionOrder: 'v1' },
		pinData: options.pinned ? { [MANUAL_TRIGGER]: options.pinned.map((json) => ({ json })) } : {},
	};
}

export async function writeWorkflow(workflow: WorkflowFile, path: string): Promise<string> {
	await writeFile(path, JSON.stringify(workflow, null, 2));
	return path;
}
