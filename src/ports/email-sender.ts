/** One plain-text e-mail to one recipient. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /**
   * Stable for the same notification to the same person. A sender that can (a file name, an operation
   * id) uses it to make a repeated send of the same message harmless.
   */
  readonly idempotencyKey: string;
}

export interface EmailSender {
  /** Resolves once the provider has accepted the message; throws if it has not. */
  send(message: EmailMessage): Promise<void>;
}

export const unconfiguredEmailSender: EmailSender = {
  send() {
    return Promise.reject(
      new Error('No e-mail provider is configured (SUPPORTDESK_EMAIL_ENDPOINT and SUPPORTDESK_EMAIL_SENDER).'),
    );
  },
};
