import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/**
 * A success status other than the one the SDK accepts (a redirect, which is never followed with the
 * credential, or another 2xx) fails the item.
 */
export function expectStatus(
	ctx: IExecuteFunctions,
	itemIndex: number,
	status: number,
	expected: number,
): void {
	if (status === expected) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`The recording host answered ${status} instead of ${expected}`,
		{
			itemIndex,
			description:
				status >= 300 && status < 400
					? 'A redirect is not followed: the request carries the credential, which goes only to the recording host ACS named.'
					: undefined,
		},
	);
}
