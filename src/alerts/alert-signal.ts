/** The monitoring formats `POST /api/alerts/{source}` understands, by the name used in the route. */
export const alertSourceNames = ['azure-monitor', 'alertmanager', 'grafana', 'pagerduty'] as const;
export type AlertSourceName = (typeof alertSourceNames)[number];

/** What an alert asks for: PagerDuty's three event actions, which every other format maps onto. */
export type AlertAction = 'trigger' | 'acknowledge' | 'resolve';

/**
 * One alert of a payload in the desk's own terms, whatever format it came in. A payload may carry
 * several (Alertmanager and Grafana group them); each is handled on its own.
 */
export interface AlertSignal {
  readonly action: AlertAction;
  /** Identifies the problem across repeats: the source's own key, or one made up from the alert's content. */
  readonly dedupKey: string;
  /** True when the payload had no key and `dedupKey` was derived from its content. */
  readonly derivedKey: boolean;
  /** Severity as the source sent it (`Sev2`, `critical`…), looked up in the agreement's `alertSeverities`. */
  readonly severity?: string;
  readonly title: string;
  readonly description: string;
  /** When the source says the alert fired (or cleared), as it wrote it. */
  readonly at?: string;
  /** What the payload said about this alert, unknown fields included, bounded in size for storage. */
  readonly payload: Readonly<Record<string, unknown>>;
}
