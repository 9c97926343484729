import type { AlertAction } from './alert-signal';

/** What happened to one alert of a payload; the response lists one per alert, in payload order. */
export interface AlertOutcome {
  readonly dedupKey: string;
  readonly action: AlertAction;
  /**
   * `created`: a new ticket; `repeated`: counted on the open ticket; `resolved`: the clearance noted
   * on the ticket; `auto-resolved`: noted, and the ticket resolved (agreement `autoResolveAlerts`);
   * `acknowledged`: noted; `ignored`: nothing to apply it to, or already applied (see `note`).
   */
  readonly outcome: 'created' | 'repeated' | 'resolved' | 'auto-resolved' | 'acknowledged' | 'ignored';
  readonly ticketId?: string;
  /** The ticket's `origin.occurrences` after this alert. */
  readonly occurrences?: number;
  /** The agreement severity a new ticket got. */
  readonly severity?: string;
  readonly note?: string;
}
