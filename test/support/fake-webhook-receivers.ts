import type { Clock } from '../../src/ports/clock';
import type { PostResult, WebhookPoster } from '../../src/ports/webhook-poster';

/** A clock the test moves by hand, from 2026-11-24 10:00 UTC. */
export class ManualClock implements Clock {
  #now = Date.parse('2026-11-24T10:00:00Z');
  now = () => new Date(this.#now);
  advance(ms: number): void {
    this.#now += ms;
  }
}

export interface Post {
  readonly ok: boolean;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Webhook receivers by URL, in place of the network: up (200) unless `answer` says otherwise. */
export class FakeReceivers implements WebhookPoster {
  readonly posts: Post[] = [];
  readonly answer = new Map<string, PostResult>();

  post(url: string, headers: Readonly<Record<string, string>>, body: string): Promise<PostResult> {
    const result = this.answer.get(url) ?? { ok: true, status: 200 };
    this.posts.push({ ok: result.ok, url, headers, body });
    return Promise.resolve(result);
  }

  /** What a receiver accepted, in order. */
  accepted(url: string): Post[] {
    return this.posts.filter((p) => p.url === url && p.ok);
  }

  /** The ids received, in order: what the receiver saw succeed. */
  ids(url: string): string[] {
    return this.accepted(url).map((p) => p.headers['webhook-id']!);
  }

  attemptsOf(url: string, id: string): number {
    return this.posts.filter((p) => p.url === url && p.headers['webhook-id'] === id).length;
  }
}
