/** The host's clock: plugins ask it instead of `new Date()`, so tests can move time. */
export interface Clock {
  now(): Date;
}
