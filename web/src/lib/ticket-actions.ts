import { ApiError, call, client } from '../api/client';
import type { Ticket, TicketAction } from '../api/types';

/**
 * Posts an action with `If-Match`. The ETag also changes when the SLA keeper records a warning or a
 * met clock in the background, so a 412 alone does not mean someone else acted: the ticket is read
 * again and, if its status and assignee are what the person saw, the action is sent once more under
 * the fresh ETag. If a person changed it, the page shows the change and asks to check and retry.
 */
export async function postAction(ticket: Ticket, etag: string | undefined, body: TicketAction): Promise<void> {
  const post = (ifMatch: string | undefined) =>
    call(
      client.POST('/api/tickets/{ticketId}/actions', {
        params: { path: { ticketId: ticket.id }, header: ifMatch ? { 'If-Match': ifMatch } : {} },
        body,
      }),
    );
  try {
    await post(etag);
  } catch (error) {
    if (!(error instanceof ApiError) || error.problem.status !== 412) throw error;
    const fresh = await call(client.GET('/api/tickets/{ticketId}', { params: { path: { ticketId: ticket.id } } }));
    if (fresh.data.status !== ticket.status || fresh.data.assignee !== ticket.assignee) {
      throw new ApiError({
        ...error.problem,
        detail: 'Someone changed this ticket while you were looking at it. Check it below and submit again.',
      });
    }
    await post(fresh.etag);
  }
}
