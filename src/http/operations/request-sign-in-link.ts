import { z } from 'zod';
import { TooManyRequestsError } from '../../app/sign-in-service';
import { personEmailSchema } from '../../domain/people/staff';
import { json } from '../endpoint';
import { defineOperation } from '../operation';
import { HttpProblem } from '../problem';
import { clientIp, publicBaseUrl } from '../request-origin';

const accepted = {
  status: 'accepted',
  message: 'If this address may sign in, a sign-in link is on its way. It works once, for 15 minutes.',
} as const;

export const requestSignInLinkOperation = defineOperation({
  name: 'request-sign-in-link',
  method: 'POST',
  route: 'sign-in/links',
  summary: 'E-mail a sign-in link',
  description:
    'Answers 202 with the same body whether or not the address is known. An active contact (or member of staff, when staff do not sign in with Entra ID) is mailed a link to `/sign-in/link#token=…`; the token is single use and valid 15 minutes. Repeated requests for one address are dropped silently; too many from one IP are refused with 429 and `Retry-After`.',
  tags: ['sign-in'],
  access: 'anyone',
  body: z.strictObject({ email: personEmailSchema }),
  responses: {
    202: {
      description: 'Accepted (always the same body).',
      schema: z.object({ status: z.literal('accepted'), message: z.string() }),
    },
    400: { description: 'Not an e-mail address.' },
    429: { description: 'Too many requests from this IP; see `Retry-After`.' },
  },
  uses: ['settings', 'signIn'],
  async handle({ deps, request, body, context }) {
    try {
      const { delivery } = await deps.signIn.requestLink(
        body.email,
        clientIp(request),
        `${publicBaseUrl(request, deps)}/sign-in/link`,
      );
      // Answered before the mail is sent, so that the time of the answer says nothing about the address.
      delivery.catch((error: unknown) => context.error('sign-in link not sent:', error));
    } catch (error) {
      if (!(error instanceof TooManyRequestsError)) throw error;
      throw new HttpProblem(429, 'Too many requests', error.message, undefined, {
        'retry-after': String(error.retryAfterSeconds),
      });
    }
    return json(202, accepted);
  },
});
