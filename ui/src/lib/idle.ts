/**
 * The idle timer behind auto-lock: `onIdle` runs once after `delayMs` without activity.
 * Activity only records a time (it fires on every mouse move), and the single timer checks
 * that time when it runs, so an active user costs no timer churn.
 */
export interface IdleTimer {
  /** Records activity now. */
  poke(): void;
  /** Changes the delay (null or ≤ 0 turns auto-lock off) and restarts the countdown. */
  setDelay(delayMs: number | null): void;
  /** Stops for good; `onIdle` will not run. */
  stop(): void;
}

export function createIdleTimer(delayMs: number | null, onIdle: () => void): IdleTimer {
  let delay = delayMs;
  let last = Date.now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const clear = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const arm = (ms: number): void => {
    clear();
    timer = setTimeout(check, ms);
  };
  function check(): void {
    timer = null;
    if (stopped || delay === null || delay <= 0) return;
    const quiet = Date.now() - last;
    if (quiet >= delay) {
      stopped = true;
      onIdle();
    } else {
      arm(delay - quiet);
    }
  }
  const start = (): void => {
    clear();
    if (!stopped && delay !== null && delay > 0) arm(delay);
  };

  start();
  return {
    poke(): void {
      last = Date.now();
    },
    setDelay(next: number | null): void {
      delay = next;
      last = Date.now();
      start();
    },
    stop(): void {
      stopped = true;
      clear();
    },
  };
}
