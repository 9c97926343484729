import { z } from 'zod';
import { answerGraphNotification } from '../graph-mail-notifications';
import { defineOperation } from '../operation';

export const receiveGraphMailNotificationOperation = defineOperation({
  name: 'receive-graph-mail-notification',
  method: 'POST',
  route: 'mail/graph/notifications',
  summary: 'Microsoft Graph change and lifecycle notifications of the shared mailbox',
  description: [
    "Called by Microsoft Graph only (docs/mail-in.md). With `validationToken`: the subscription's validation handshake, answered with the token as text/plain.",
    'Otherwise a change notification collection (JSON `{ value: [...] }`, as Graph documents it): new inbox messages are taken; lifecycle notifications renew (`reauthorizationRequired`) or recreate (`subscriptionRemoved`) the subscription or catch up with the inbox (`missed`).',
    "Each item must carry the subscription's `clientState`; a collection with none is refused (403). 404 when the Graph transport is not configured.",
  ].join('\n\n'),
  tags: ['mail'],
  // Graph presents no credential: the clientState in the body is the proof.
  access: 'anyone',
  uses: ['mailIn'],
  query: z.object({
    validationToken: z.string().min(1).max(4096).optional().describe('Sent by Graph when the subscription is created.'),
  }),
  // The body is read in the handler: the handshake is a POST with a text/plain body and no JSON.
  responses: {
    200: { description: 'The validation token, echoed.', schema: z.string(), contentType: 'text/plain' },
    202: { description: 'Accepted.' },
    400: { description: 'Not a notification collection; `errors` names the field.' },
    403: { description: 'No item carried the clientState.' },
    404: { description: 'The Graph transport is not configured.' },
    413: { description: 'Body over 256 KiB.' },
    415: { description: 'A notification collection not sent as JSON.' },
  },
  async handle({ deps, request, query }) {
    return answerGraphNotification(request, query.validationToken, deps.mailIn.mailbox);
  },
});
