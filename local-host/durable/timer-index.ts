/** A durable timer waiting to fire, as the engine keeps it in memory (its source of truth is the instance row). */
export interface ScheduledTimer {
  readonly instanceId: string;
  readonly executionId: string;
  readonly timerId: number;
  readonly fireAt: string;
}

interface HeapNode {
  readonly key: string;
  readonly at: number;
  readonly timer: ScheduledTimer;
}

const keyOf = (t: Pick<ScheduledTimer, 'instanceId' | 'executionId' | 'timerId'>): string =>
  `${t.instanceId}\u0000${t.executionId}\u0000${t.timerId}`;

/**
 * Pending timers of every instance, so the next due one is found without reading storage. A binary
 * heap: with 10,000 instances each holding a timer, scanning for the earliest on every fire made
 * firing one virtual day quadratic. Removals are lazy — a node whose key is no longer live (or was
 * re-added) is skipped when it reaches the top.
 */
export class TimerIndex {
  readonly #live = new Map<string, HeapNode>();
  readonly #byInstance = new Map<string, Set<string>>();
  #heap: HeapNode[] = [];

  add(timer: ScheduledTimer): void {
    const key = keyOf(timer);
    const node: HeapNode = { key, at: Date.parse(timer.fireAt), timer };
    this.#live.set(key, node);
    let keys = this.#byInstance.get(timer.instanceId);
    if (!keys) this.#byInstance.set(timer.instanceId, (keys = new Set()));
    keys.add(key);
    this.#push(node);
  }

  remove(timer: Pick<ScheduledTimer, 'instanceId' | 'executionId' | 'timerId'>): void {
    const key = keyOf(timer);
    if (!this.#live.delete(key)) return;
    const keys = this.#byInstance.get(timer.instanceId);
    keys?.delete(key);
    if (keys?.size === 0) this.#byInstance.delete(timer.instanceId);
    this.#compactIfSparse();
  }

  removeInstance(instanceId: string): void {
    for (const key of this.#byInstance.get(instanceId) ?? []) this.#live.delete(key);
    this.#byInstance.delete(instanceId);
    this.#compactIfSparse();
  }

  /** The earliest timer; ties keep the order they were scheduled in (instance id, then timer id). */
  earliest(): ScheduledTimer | undefined {
    this.#dropDead();
    return this.#heap[0]?.timer;
  }

  get size(): number {
    return this.#live.size;
  }

  #dropDead(): void {
    while (this.#heap.length > 0 && this.#live.get(this.#heap[0]!.key) !== this.#heap[0]) this.#pop();
  }

  /** Dead nodes are only dropped at the top; rebuild when they outnumber the live ones, to bound memory. */
  #compactIfSparse(): void {
    if (this.#heap.length < 1024 || this.#heap.length < 2 * this.#live.size) return;
    this.#heap = [...this.#live.values()].sort(compare);
  }

  #push(node: HeapNode): void {
    const heap = this.#heap;
    heap.push(node);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (compare(heap[i]!, heap[parent]!) >= 0) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && compare(heap[left]!, heap[smallest]!) < 0) smallest = left;
      if (right < heap.length && compare(heap[right]!, heap[smallest]!) < 0) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}

function compare(a: HeapNode, b: HeapNode): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.timer.instanceId !== b.timer.instanceId) return a.timer.instanceId < b.timer.instanceId ? -1 : 1;
  return a.timer.timerId - b.timer.timerId;
}
