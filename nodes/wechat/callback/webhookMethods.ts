/**
 * The lifecycle n8n runs when a workflow with a WeChat trigger is published or unpublished. WeChat has no API
 * to register a callback URL: the user pastes it into the WeChat console (or the Open Platform's), so there is
 * nothing to create, check or delete, and every step succeeds.
 */
export const pastedUrlWebhookMethods = {
	default: {
		async checkExists(): Promise<boolean> {
			return true;
		},
		async create(): Promise<boolean> {
			return true;
		},
		async delete(): Promise<boolean> {
			return true;
		},
	},
};
