import { parseServiceOrigin } from '../endpoint';
import { InvalidCredentialError } from '../errors';

/**
 * The access-key credential accepts either its two fields, or a whole connection string
 * (`endpoint=https://…;accesskey=…`, as copied from the Azure portal) pasted into either field.
 */
interface AccessKeyCredential {
	endpoint: URL;
	accessKey: string;
}

function parseConnectionString(
	text: string,
): { endpoint?: string; accesskey?: string } | undefined {
	if (!/(^|;)\s*(endpoint|accesskey)\s*=/i.test(text)) return undefined;
	const parts: Record<string, string> = {};
	for (const segment of text.split(';')) {
		if (!segment.trim()) continue;
		const eq = segment.indexOf('=');
		if (eq <= 0)
			throw new InvalidCredentialError(
				'The connection string is malformed: each part must look like name=value',
			);
		parts[segment.slice(0, eq).trim().toLowerCase()] = segment.slice(eq + 1).trim();
	}
	if (!parts.endpoint || !parts.accesskey) {
		throw new InvalidCredentialError(
			'The connection string is malformed: it needs both endpoint=… and accesskey=…',
		);
	}
	return parts;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function parseAccessKeyCredential(fields: {
	endpoint?: unknown;
	accessKey?: unknown;
}): AccessKeyCredential {
	const endpointText = typeof fields.endpoint === 'string' ? fields.endpoint.trim() : '';
	const keyText = typeof fields.accessKey === 'string' ? fields.accessKey.trim() : '';
	const fromString = parseConnectionString(endpointText) ?? parseConnectionString(keyText);
	const endpoint = fromString?.endpoint ?? endpointText;
	const accessKey = fromString?.accesskey ?? keyText;
	if (!accessKey)
		throw new InvalidCredentialError(
			"Access Key is empty. Copy Key or Connection string from the resource's Keys page in the Azure portal",
		);
	if (!BASE64.test(accessKey)) {
		throw new InvalidCredentialError(
			'Access Key is not valid base64. Copy it again from the Keys page of the resource in the Azure portal',
		);
	}
	return { endpoint: parseServiceOrigin(endpoint, 'Endpoint'), accessKey };
}
