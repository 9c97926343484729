import type { InvocationContext, Timer, TimerFunctionOptions } from '@azure/functions';
import { withUseCases } from '../composition/runtime';
import type { MailboxTransport } from '../app/mailbox-transport';

/** The setting that chooses the Graph transport, read where the timers are registered. */
export function graphTransportChosen(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env.SUPPORTDESK_MAIL_IN_TRANSPORT === 'graph';
}

/**
 * A timer of the Microsoft Graph mail transport (docs/mail-in.md), or `undefined` when the instance
 * does not use that transport: registered elsewhere, each run would wake and bill an instance for
 * nothing. The one place both Graph timers decide it.
 */
export function graphMailTimerOptions(
  schedule: string,
  run: (mailbox: MailboxTransport, context: InvocationContext) => Promise<void>,
  env?: Readonly<Record<string, string | undefined>>,
): TimerFunctionOptions | undefined {
  if (!graphTransportChosen(env)) return undefined;
  return {
    schedule,
    handler: withUseCases(['mailIn'], async ({ mailIn }, _timer: Timer, context: InvocationContext) => {
      // Present whenever the transport is Graph (composition/mail.ts); the check is for the types.
      if (mailIn.mailbox) await run(mailIn.mailbox, context);
    }),
  };
}
