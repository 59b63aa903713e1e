/** A debounced call that can be flushed (run now if pending) or cancelled. */
export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  /** Runs the pending call at once, if there is one. */
  flush(): void;
  cancel(): void;
  readonly pending: boolean;
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last: A | null = null;
  const run = (): void => {
    timer = null;
    const args = last;
    last = null;
    if (args) fn(...args);
  };
  const call = (...args: A): void => {
    last = args;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  return Object.assign(call, {
    flush(): void {
      if (timer !== null) {
        clearTimeout(timer);
        run();
      }
    },
    cancel(): void {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      last = null;
    },
    get pending(): boolean {
      return timer !== null;
    },
  });
}
