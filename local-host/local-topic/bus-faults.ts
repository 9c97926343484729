/**
 * Faults a test can switch on in the local topic (`POST /api/dev/faults`). `bus: 'down'` makes every
 * publish fail as an unreachable Service Bus would: tickets are still accepted, their events wait in
 * the outbox, and the sweep publishes them once the bus is `up` again.
 */
export class BusFaults {
  #busDown = false;

  get busDown(): boolean {
    return this.#busDown;
  }

  set(bus: 'up' | 'down'): void {
    this.#busDown = bus === 'down';
  }

  describe(): { bus: 'up' | 'down' } {
    return { bus: this.#busDown ? 'down' : 'up' };
  }
}
