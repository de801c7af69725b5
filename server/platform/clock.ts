// Wall time, injected: the services and rooms read `now()` from here so tests can move it by hand.
export interface WallClock {
  now(): number;
}

export const systemClock: WallClock = { now: () => Date.now() };
