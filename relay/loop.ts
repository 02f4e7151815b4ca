import type {Relay} from './relay.js';

/**
 * `serve`'s polling loop: runs every source that is due, then wakes for the
 * next one (at most a second late, and never busier than every 200 ms). A poll
 * never waits for another: `runDue` skips sources still in flight.
 */
export function startPolling(relay: Relay): {stop(): void} {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const loop = () => {
    if (stopped) return;
    void relay.runDue();
    const wait = Math.max(200, relay.nextDue() - relay.clock.now());
    timer = setTimeout(loop, Math.min(wait, 1000));
  };
  loop();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
