/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
/**
 * Workflow-file tests in the shape of n8n's own `NodeTestHarness` (packages/core/nodes-testing):
 *
 *   const workflows = new WorkflowTestHarness(() => runner);
 *   workflows.setupTests({
 *     workflowFiles: ['workflows/get-media.json'],
 *     output: () => ({ nodeData: { 'Get media': [{ json: { sid: fixture.sid } }] } }),
 *   });
 *
 * registers one jest test per file, named after it, that runs the workflow through the harness
 * (WorkflowExecute, real HTTP, the real BinaryDataService) and compares what each named node
 * output. Where n8n's harness takes the expected items from the file's `pinData` and answers
 * requests with nock, here the test computes the expected items from independent sources (the
 * fixtures the server serves, hashes of their bytes, values the test chose) and the requests go
 * to a real server; a file with pinData is refused, since n8n would skip the pinned nodes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from '@jest/globals';
import type {
	IBinaryData,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IPairedItemData,
	IWorkflowSettings,
} from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

import { readBinaryStream } from './index';
import type { CredentialRef, Harness, RunWorkflowResult } from './index';
import { harnessEnv } from './setup-env';

/** A workflow as n8n exports it (the fields a run needs). */
export interface WorkflowFile {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: Record<string, unknown>;
}

/**
 * A binary property, compared by what identifies its content and how n8n labels it. Any field may
 * be a jest asymmetric matcher (`expect.stringContaining(...)`).
 */
export interface ExpectedBinary {
	sha256: string;
	/** Byte count of the stored content. */
	size: number;
	mimeType: string;
	fileName: string;
	fileExtension: string;
}

export interface ExpectedItem {
	json: IDataObject;
	/** Every binary property of the item; leave out for an item that must have none. */
	binary?: Record<string, ExpectedBinary>;
	/** Compared only when given. */
	pairedItem?: IPairedItemData | IPairedItemData[] | number;
}

export interface ExpectedOutput {
	/** Node name → the items of its main output 0. Each named node must have run exactly once. */
	nodeData?: Record<string, ExpectedItem[]>;
	/**
	 * The run must stop with this error at this node; the other fields are matched (toMatchObject)
	 * against the error copy n8n stores (`name`, `message`, `httpCode`, `description`, ...).
	 */
	error?: { node: string } & Record<string, unknown>;
}

/** Where workflow-file tests run: a harness and the credential to use for each credential type. */
export interface WorkflowTestRunner {
	harness: Harness;
	/** Credential type → credential; every node's credential of that type is replaced by it. */
	credentials: Record<string, CredentialRef>;
	/** Sees every run with the workflow as it ran (e.g. to feed a secret-leak check). */
	onRun?(result: RunWorkflowResult, workflow: WorkflowFile): void;
}

export interface OutputContext {
	/** The workflow as it runs (credentials and file folder replaced). */
	workflow: WorkflowFile;
	/** The folder Read/Write Files from Disk may use in this run (see `filesFolder`). */
	filesPath: string;
}

export interface WorkflowTestOptions {
	/** Paths relative to the test file's folder (as in n8n's harness). */
	workflowFiles: string[];
	/** Computed when the test runs, i.e. after `beforeAll` has started the servers. */
	output: (context: OutputContext) => ExpectedOutput;
	/** Overrides some of the runner's credentials by type, e.g. one with another authentication. */
	credentials?: () => Record<string, CredentialRef>;
	/**
	 * An absolute folder the workflow's file nodes read or write below (like the `C:\Test\` folder in
	 * n8n's workflow files); it is replaced by the harness's files folder, the only one
	 * N8N_RESTRICT_FILE_ACCESS_TO allows.
	 */
	filesFolder?: string;
	/** Added to each test name, e.g. "with a connection string". */
	title?: string;
	/** Runs after the output checks, e.g. to inspect the server's recorded requests or written files. */
	customAssertions?: (result: RunWorkflowResult, context: OutputContext) => void | Promise<void>;
}

export function readWorkflowFile(filePath: string): WorkflowFile {
	const workflow = JSON.parse(readFileSync(filePath, 'utf8')) as WorkflowFile;
	if (!Array.isArray(workflow.nodes) || typeof workflow.connections !== 'object')
		throw new UnexpectedError(`${filePath} is not an n8n workflow (no nodes or connections)`);
	if (workflow.pinData && Object.keys(workflow.pinData).length > 0)
		throw new UnexpectedError(
			`${filePath} has pinData: n8n would not run the pinned nodes; put the expected output in the test`,
		);
	return workflow;
}

/** The node(s) nothing connects to; a test workflow has exactly one (its trigger). */
function startNodeOf(workflow: WorkflowFile, file: string): string {
	const targets = new Set(
		Object.values(workflow.connections).flatMap((byType) =>
			Object.values(byType).flatMap((outputs) =>
				outputs.flatMap((connections) => (connections ?? []).map((c) => c.node)),
			),
		),
	);
	const starts = workflow.nodes.filter((node) => !targets.has(node.name));
	if (starts.length !== 1)
		throw new UnexpectedError(
			`${file}: expected one start node, found ${starts.map((node) => `"${node.name}"`).join(', ') || 'none'}`,
		);
	return starts[0].name;
}

/** A copy of a workflow file with the runner's credentials and the harness's files folder in it. */
export function prepareWorkflow(
	workflow: WorkflowFile,
	file: string,
	credentials: Record<string, CredentialRef>,
	filesFolder: string | undefined,
	filesPath: string,
): WorkflowFile {
	let text = JSON.stringify(workflow);
	if (filesFolder) text = text.split(filesFolder).join(filesPath);
	const copy = JSON.parse(text) as WorkflowFile;
	for (const node of copy.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			const credential = credentials[type];
			if (!credential)
				throw new UnexpectedError(
					`${file}: node "${node.name}" uses a ${type} credential, and the test provides none (it has ${Object.keys(credentials).join(', ')})`,
				);
			node.credentials![type] = { ...credential };
		}
	}
	return copy;
}

async function describeBinary(binary: IBinaryData): Promise<ExpectedBinary> {
	const hash = createHash('sha256');
	let size = 0;
	for await (const chunk of await readBinaryStream({ json: {}, binary: { data: binary } })) {
		hash.update(chunk as Buffer);
		size += (chunk as Buffer).length;
	}
	return {
		sha256: hash.digest('hex'),
		size,
		mimeType: binary.mimeType,
		fileName: binary.fileName ?? '',
		fileExtension: binary.fileExtension ?? '',
	};
}

/** What the test compares of an output item: its JSON, its binaries by content, pairedItem if expected. */
async function viewOf(item: INodeExecutionData, expected: ExpectedItem | undefined) {
	const binaries = Object.entries(item.binary ?? {});
	return {
		json: item.json,
		...(binaries.length > 0 && {
			binary: Object.fromEntries(
				await Promise.all(
					binaries.map(async ([key, binary]) => [key, await describeBinary(binary)] as const),
				),
			),
		}),
		...(expected && 'pairedItem' in expected && { pairedItem: item.pairedItem }),
	};
}

export async function assertWorkflowOutput(
	result: RunWorkflowResult,
	expected: ExpectedOutput,
): Promise<void> {
	const { runData, lastNodeExecuted } = result.data.data.resultData;
	if (expected.error) {
		const { node, ...fields } = expected.error;
		expect({ node: lastNodeExecuted, error: result.error }).toMatchObject({ node, error: fields });
	} else {
		expect(result.error).toBeUndefined();
		expect(result.data.status).toBe('success');
	}

	const actual: Record<string, unknown> = {};
	for (const [nodeName, items] of Object.entries(expected.nodeData ?? {})) {
		const runs = runData[nodeName] ?? [];
		if (runs.length !== 1) {
			actual[nodeName] = `ran ${runs.length} times`;
			continue;
		}
		const output = runs[0].data?.main?.[0] ?? [];
		actual[nodeName] = await Promise.all(output.map(async (item, i) => viewOf(item, items[i])));
	}
	expect(actual).toEqual(expected.nodeData ?? {});
}

/** The test file's folder: workflow files are named relative to it, as in n8n's harness. */
function testFolder(): string {
	const { testPath } = expect.getState();
	if (!testPath)
		throw new UnexpectedError('setupTests() must be called while jest loads a test file');
	return path.dirname(testPath);
}

/** The nearest folder with a package.json; test names show workflow files relative to it. */
function packageFolder(from: string): string {
	for (let folder = from; ; folder = path.dirname(folder)) {
		if (existsSync(path.join(folder, 'package.json'))) return folder;
		if (path.dirname(folder) === folder) return from;
	}
}

export class WorkflowTestHarness {
	/** `runner` is called when a test runs, so it may return what `beforeAll` created. */
	constructor(private readonly runner: () => WorkflowTestRunner) {}

	setupTests(options: WorkflowTestOptions): void {
		const folder = testFolder();
		const root = packageFolder(folder);
		for (const file of options.workflowFiles) {
			const absolute = path.resolve(folder, file);
			const name = path.relative(root, absolute);
			test(options.title ? `${name} ${options.title}` : name, async () => {
				await this.runFile(absolute, name, options);
			});
		}
	}

	private async runFile(absolute: string, name: string, options: WorkflowTestOptions) {
		const runner = this.runner();
		const { filesPath } = harnessEnv();
		const workflow = prepareWorkflow(
			readWorkflowFile(absolute),
			name,
			{ ...runner.credentials, ...options.credentials?.() },
			options.filesFolder,
			filesPath,
		);
		const result = await runner.harness.runWorkflow({
			nodes: workflow.nodes,
			connections: workflow.connections,
			settings: workflow.settings,
			startNode: startNodeOf(workflow, name),
		});
		runner.onRun?.(result, workflow);
		const context = { workflow, filesPath };
		await assertWorkflowOutput(result, options.output(context));
		await options.customAssertions?.(result, context);
	}
}
