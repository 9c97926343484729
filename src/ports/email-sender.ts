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
  /** Mail about a ticket (docs/product-spec.md §8): threaded so that a reply from any mail program lands on the ticket. */
  readonly threading?: EmailThreading;
}

/**
 * The headers that thread a desk's mail: its own `Message-ID` (stored in the ticket's thread), `In-Reply-To`
 * and `References` to the thread so far, `Reply-To` the support address. Every mail the desk sends also
 * says `Auto-Submitted: auto-generated` (RFC 3834), so well-behaved auto-responders stay silent.
 */
export interface EmailThreading {
  /** Without angle brackets. */
  readonly messageId: string;
  /** The thread so far, oldest first; the last is `In-Reply-To`. */
  readonly references: readonly string[];
  readonly replyTo: string;
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
