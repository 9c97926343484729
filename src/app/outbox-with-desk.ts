import { deskPartition } from '../domain/events/cloud-event';
import type { Outbox, OutboxEntry } from '../ports/outbox';

/**
 * The clients' outbox and the desk's (events of no client, filed under `~desk`: docs/events.md) read
 * and emptied as one, so the relay and the outbox sweep publish both without knowing there are two.
 */
export class OutboxWithDesk implements Outbox {
  constructor(
    private readonly clients: Outbox,
    private readonly desk: Outbox,
  ) {}

  pendingForTickets(clientId: string, ticketNumbers: readonly number[]): Promise<OutboxEntry[]> {
    return clientId === deskPartition
      ? this.desk.pendingForTickets(clientId, ticketNumbers)
      : this.clients.pendingForTickets(clientId, ticketNumbers);
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const entries = await this.clients.pending(limit);
    return entries.length >= limit ? entries : [...entries, ...(await this.desk.pending(limit - entries.length))];
  }

  async remove(entries: readonly OutboxEntry[]): Promise<void> {
    const desk = entries.filter((e) => e.clientId === deskPartition);
    const clients = entries.filter((e) => e.clientId !== deskPartition);
    await Promise.all([
      desk.length > 0 ? this.desk.remove(desk) : undefined,
      clients.length > 0 ? this.clients.remove(clients) : undefined,
    ]);
  }
}
