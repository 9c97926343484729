import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
import type { MailboxNotification, MailboxTransport } from '../app/mailbox-transport';
import { HttpProblem } from './problem';
import { readJsonBody } from './request-body';

/** Graph waits 3 s for an answer before it counts a notification as failed; the rest goes on after the 202. */
export const notificationAnswerBudgetMs = 2_500;

/** A change notification collection (and a lifecycle notification) as Graph posts it; other fields are ignored. */
export const graphNotificationCollectionSchema = z.object({
  value: z
    .array(
      z.looseObject({
        subscriptionId: z.string().max(200).optional(),
        clientState: z.string().max(256).optional(),
        changeType: z.string().max(100).optional(),
        lifecycleEvent: z.string().max(100).optional(),
        resource: z.string().max(2000).optional(),
        resourceData: z.looseObject({ id: z.string().max(1000).optional() }).optional(),
      }),
    )
    .max(1000),
});

/**
 * The Graph notification endpoint (docs/mail-in.md): the validation handshake (`?validationToken=` answered
 * 200 `text/plain` with the token, as Graph requires within 10 s), else a notification collection. Items whose
 * `clientState` is not the secret are dropped; a collection with none genuine is refused (403) and takes no mail.
 * The answer is 202 once the work is done or the budget has passed, whichever is first; what is left finishes
 * in the background, and the catch-up timer takes anything a lost instance left in the inbox.
 */
export async function answerGraphNotification(
  request: HttpRequest,
  validationToken: string | undefined,
  transport: MailboxTransport | undefined,
  budgetMs = notificationAnswerBudgetMs,
): Promise<HttpResponseInit> {
  if (!transport)
    throw new HttpProblem(
      404,
      'Not found',
      'Mail is not taken through Microsoft Graph here (SUPPORTDESK_MAIL_IN_TRANSPORT).',
    );
  if (validationToken !== undefined)
    return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: validationToken };
  const body = await readJsonBody(request, graphNotificationCollectionSchema);
  const items: MailboxNotification[] = body.value.map((n) => ({
    clientState: n.clientState,
    subscriptionId: n.subscriptionId,
    changeType: n.changeType,
    lifecycleEvent: n.lifecycleEvent,
    messageId: n.resourceData?.id,
  }));
  const { accepted, work } = transport.notified(items);
  if (accepted === 0)
    throw new HttpProblem(403, 'Forbidden', 'No notification carried the subscription\u2019s clientState.', [
      { field: 'value.clientState', pointer: '/value', message: 'not the clientState of this subscription' },
    ]);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs)))]);
  clearTimeout(timer);
  return { status: 202 };
}
