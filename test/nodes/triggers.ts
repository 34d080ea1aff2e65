import type { DeliveryResult } from '../../emulator';
import { serveTrigger, type ServedTrigger, type ServeTriggerOptions } from '../harness/webhook';
import type { TestContext } from './context';

export type WebhookAnswer = Omit<DeliveryResult, 'sent'>;

type CredentialRef = { id: string; name: string };

/**
 * Triggers of one test file, served by the webhook harness with the test context's credential of the
 * trigger; `closeAll()` in afterAll. Every answer of `post()` goes through the leak check.
 */
export function triggerTestKit(
	context: () => TestContext,
	type: string,
	credential: (t: TestContext) => { type: string; ref: CredentialRef },
) {
	const triggers: ServedTrigger[] = [];
	return {
		async serve(
			parameters: Record<string, unknown>,
			options: {
				/** Another credential of the same type; default the test context's. */
				credential?: CredentialRef;
				/** More credentials of other types, e.g. the Resource Manager credential. */
				extraCredentials?: Record<string, CredentialRef>;
				typeVersion?: number;
				downstream?: ServeTriggerOptions['downstream'];
			} = {},
		): Promise<ServedTrigger> {
			const { type: credentialType, ref } = credential(context());
			const trigger = await serveTrigger(context().harness, {
				type,
				parameters: parameters as ServeTriggerOptions['parameters'],
				typeVersion: options.typeVersion,
				credentials: { [credentialType]: options.credential ?? ref, ...options.extraCredentials },
				downstream: options.downstream,
			});
			triggers.push(trigger);
			return trigger;
		},
		async post(url: string, body: string, headers: Record<string, string>): Promise<WebhookAnswer> {
			const response = await fetch(url, { method: 'POST', headers, body });
			const answer = {
				status: response.status,
				contentType: response.headers.get('content-type') ?? '',
				body: await response.text(),
			};
			context().watchDelivery(answer);
			return answer;
		},
		closeAll: async () => await Promise.all(triggers.map(async (trigger) => await trigger.close())),
	};
}
