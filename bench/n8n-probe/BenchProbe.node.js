/**
 * Dev-only (bench:n8n): the least a node can do for each benchmarked work through n8n's own helpers,
 * so the figures of a real n8n can be read against what n8n allows any node, not only against the
 * HTTP Request node.
 * - `download`: `this.helpers.httpRequest` streaming the response straight into `prepareBinaryData`;
 * - `json`: per item, the URL parameter (an expression) and one `httpRequest` whose JSON is the item,
 *   the same number of items in flight as the package (its Max Concurrent Requests default).
 * Plain CommonJS so that the bench installs it without a build.
 */
'use strict';

const CONCURRENCY = 32;

class BenchProbe {
	constructor() {
		this.description = {
			displayName: 'Bench Probe',
			name: 'benchProbe',
			group: ['transform'],
			version: 1,
			description: 'Benchmark floor',
			defaults: { name: 'Bench Probe' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [
				{ displayName: 'Mode', name: 'mode', type: 'string', default: 'download' },
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
				{ displayName: 'Headers', name: 'headers', type: 'json', default: '{}' },
			],
		};
	}

	async execute() {
		const mode = this.getNodeParameter('mode', 0);
		const headers = JSON.parse(this.getNodeParameter('headers', 0));
		if (mode === 'download') {
			const body = await this.helpers.httpRequest({
				method: 'GET',
				url: this.getNodeParameter('url', 0),
				headers,
				encoding: 'stream',
			});
			const binary = await this.helpers.prepareBinaryData(body, 'file.bin');
			return [[{ json: { bytes: binary.bytes }, binary: { data: binary } }]];
		}
		const items = this.getInputData();
		const out = new Array(items.length);
		let next = 0;
		const worker = async () => {
			while (next < items.length) {
				const index = next++;
				const json = await this.helpers.httpRequest({
					method: 'GET',
					url: this.getNodeParameter('url', index),
					headers,
					json: true,
				});
				out[index] = { json, pairedItem: { item: index } };
			}
		};
		await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
		return [out];
	}
}

module.exports = { BenchProbe };
