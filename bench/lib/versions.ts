import { HttpRequest } from 'n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node';

/** The HTTP Request node version the cases run (the harness uses the node's current version). */
export function httpRequestVersionLabel(): string {
	return `v${new HttpRequest().currentVersion}`;
}
