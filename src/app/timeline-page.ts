import type { TimelineEvent } from '../domain/tickets/timeline-event';

/**
 * Timeline pages (`GET /api/tickets/{id}/timeline?limit=&cursor=`). Without `limit` a page holds
 * `default` events; a caller may ask for up to `max`. A caller who may not see internal notes gets a
 * page read on past them, at most `maxScanPages` reads of the page's size, so a ticket of nothing but
 * internal notes costs a bounded request and answers a short page with a cursor to go on from.
 */
export const timelinePageSize = { default: 100, max: 500, maxScanPages: 10 } as const;

export interface TimelinePageQuery {
  /** The seq after which the page starts (0: from the beginning). */
  readonly after: number;
  readonly limit: number;
}

export interface TimelinePage {
  readonly items: readonly TimelineEvent[];
  /** The seq to go on after, when more of the timeline may follow; absent at its end. */
  readonly nextAfter: number | undefined;
}
