/**
 * Small in-memory stand-ins for n8n's `NodeTypes` / `CredentialTypes` (packages/cli), which in
 * production are backed by LoadNodesAndCredentials reading package folders.
 */
import { DirectoryLoader } from 'n8n-core';
import type {
	ICredentialType,
	ICredentialTypes,
	IDataObject,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';

const prepared = new WeakSet<object>();

/**
 * Applies to a node type what n8n's DirectoryLoader applies when it loads a node from a package:
 * the `__loadOptionsMethods` list and the "Request Options" (batching, proxy, timeout, ...)
 * parameters injected into every declarative node. Idempotent per node type instance.
 */
function prepareLikeLoader(nodeType: INodeType | IVersionedNodeType): void {
	const versions: INodeType[] =
		'nodeVersions' in nodeType ? Object.values(nodeType.nodeVersions) : [nodeType];
	for (const version of versions) {
		if (prepared.has(version)) continue;
		prepared.add(version);
		if (version.methods?.loadOptions) {
			version.description.__loadOptionsMethods = Object.keys(version.methods.loadOptions);
		}
		DirectoryLoader.applyDeclarativeNodeOptionParameters(version);
	}
}

export class NodeTypesRegistry implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	add(name: string, type: INodeType | IVersionedNodeType): void {
		prepareLikeLoader(type);
		this.types.set(name, type);
	}

	has(name: string): boolean {
		return this.types.has(name);
	}

	names(): string[] {
		return [...this.types.keys()];
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (!type) {
			throw new UnexpectedError(`Unrecognized node type: ${nodeType}`, {
				extra: { known: this.names() },
			});
		}
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(
			this.names().map((name) => [name, { className: name, sourcePath: '' }]),
		);
	}

	/** Credential type name -> node type names using it (what n8n calls `supportedNodes`). */
	nodesByCredential(): Map<string, string[]> {
		const result = new Map<string, string[]>();
		for (const [name, type] of this.types) {
			const versions: INodeType[] =
				'nodeVersions' in type ? Object.values(type.nodeVersions) : [type];
			const credentialNames = new Set(
				versions.flatMap((v) => (v.description.credentials ?? []).map((c) => c.name)),
			);
			for (const credentialName of credentialNames) {
				result.set(credentialName, [...(result.get(credentialName) ?? []), name]);
			}
		}
		return result;
	}
}

export class CredentialTypesRegistry implements ICredentialTypes {
	private readonly types = new Map<string, ICredentialType>();

	constructor(private readonly nodeTypes: NodeTypesRegistry) {}

	add(type: ICredentialType): void {
		this.types.set(type.name, type);
	}

	recognizes(credentialType: string): boolean {
		return this.types.has(credentialType);
	}

	getByName(credentialType: string): ICredentialType {
		const type = this.types.get(credentialType);
		if (!type) {
			throw new UnexpectedError(`Unrecognized credential type: ${credentialType}`, {
				extra: { known: [...this.types.keys()] },
			});
		}
		return type;
	}

	getSupportedNodes(type: string): string[] {
		return this.nodeTypes.nodesByCredential().get(type) ?? [];
	}

	/** All ancestors via `extends`, nearest first (like packages/cli CredentialTypes). */
	getParentTypes(typeName: string): string[] {
		const parents = this.types.get(typeName)?.extends ?? [];
		return [...parents, ...parents.flatMap((parent) => this.getParentTypes(parent))];
	}
}
