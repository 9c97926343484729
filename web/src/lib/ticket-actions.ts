import { api, ApiError } from './api';
import type { Ticket } from './tickets';

/**
 * Posts an action with `If-Match`. The ETag also changes when the SLA keeper records a warning or a
 * met clock in the background, so a 412 alone does not mean someone else acted: the ticket is read
 * again and, if its status and assignee are what the person saw, the action is sent once more under
 * the fresh ETag. If a person changed it, the page shows the change and asks to check and retry.
 */
export async function postAction(
  ticket: Ticket,
  etag: string | undefined,
  body: Record<string, unknown>,
): Promise<void> {
  const path = `/api/tickets/${encodeURIComponent(ticket.id)}/actions`;
  try {
    await api('POST', path, { body, ifMatch: etag });
  } catch (error) {
    if (!(error instanceof ApiError) || error.problem.status !== 412) throw error;
    const fresh = await api<Ticket>('GET', `/api/tickets/${encodeURIComponent(ticket.id)}`);
    if (fresh.data.status !== ticket.status || fresh.data.assignee !== ticket.assignee) {
      throw new ApiError({
        ...error.problem,
        detail: 'Someone changed this ticket while you were looking at it. Check it below and submit again.',
      });
    }
    await api('POST', path, { body, ifMatch: fresh.etag });
  }
}
