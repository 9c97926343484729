import { SlaSignaller, type OrchestrationClient } from '../app/sla-signaller';
import type { TicketChangeListener } from '../app/ticket-service';

/** The per-request listener that keeps a changed ticket's SLA orchestration informed. */
export function slaSignallers(orchestrations: OrchestrationClient | undefined): TicketChangeListener[] {
  return orchestrations ? [new SlaSignaller(orchestrations)] : [];
}
