/** Where the application reads "now". The system clock in Azure; the local host may substitute a virtual one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
