/**
 * Short messages in the corner: what just happened, or what went wrong and what to do.
 *
 * - `info` without a button is a routine confirmation ("已保存"): one at a time, the next one
 *   takes its place, and it goes after `ROUTINE_MS`;
 * - `info` with a button (undo, "查看") stays `ACTION_MS` and stacks with the others;
 * - `notice` is something to read (an admin set your passphrase): it stays as long as an error;
 * - `error` says what to do and stays `ERROR_MS`.
 * At most `MAX_SHOWN` are shown; the oldest goes first.
 */
export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'notice' | 'error';
  action?: { label: string; run: () => void };
}

export const ROUTINE_MS = 2_500;
export const ACTION_MS = 4_000;
export const ERROR_MS = 10_000;
export const MAX_SHOWN = 4;

export class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();
  /** The routine confirmation shown, which the next one replaces. */
  #routine: number | null = null;

  show(text: string, tone: Toast['tone'] = 'info', action?: Toast['action']): number {
    const id = this.#next++;
    const routine = tone === 'info' && !action;
    if (routine) {
      if (this.#routine !== null) this.dismiss(this.#routine);
      this.#routine = id;
    }
    const shown = [...this.items, action ? { id, text, tone, action } : { id, text, tone }];
    for (const dropped of shown.slice(0, -MAX_SHOWN)) this.dismiss(dropped.id);
    this.items = shown.slice(-MAX_SHOWN);
    this.#timers.set(
      id,
      setTimeout(() => this.dismiss(id), routine ? ROUTINE_MS : tone === 'info' ? ACTION_MS : ERROR_MS),
    );
    return id;
  }

  dismiss(id: number): void {
    const timer = this.#timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(id);
    if (this.#routine === id) this.#routine = null;
    this.items = this.items.filter((t) => t.id !== id);
  }

  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#routine = null;
    this.items = [];
  }
}
