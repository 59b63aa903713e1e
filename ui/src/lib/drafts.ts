/**
 * Drafts: the unsaved text of a form, kept in the (encrypted) store through the backend so
 * that navigating away, a crash or an auto-lock never loses what was typed.
 *
 * A form keeps one `Draft`: `load()` when it opens, `update()` whenever its state changes
 * (debounced save; a state equal to the saved record clears the draft), `discard()` after
 * a successful save, and `flush()` when it closes. Before locking, `flushAllDrafts()` writes
 * what is pending while the store is still open.
 */
import type { Backend } from './backend';
import { debounce, type Debounced } from './debounce';

const open = new Set<Draft<unknown>>();
/** The last write per key, so a form that reopens reads after its previous instance wrote. */
const writes = new Map<string, Promise<void>>();

export async function flushAllDrafts(): Promise<void> {
  await Promise.all([...open].map((d) => d.flush()));
}

export class Draft<T> {
  readonly #backend: Backend;
  readonly key: string;
  #baseline = '';
  #written: string | null = null;
  #save: Debounced<[string]>;
  #inflight: Promise<void> = Promise.resolve();

  constructor(backend: Backend, key: string, delayMs = 700) {
    this.#backend = backend;
    this.key = key;
    this.#save = debounce((json: string) => this.#write(json), delayMs);
    open.add(this as Draft<unknown>);
  }

  /**
   * Sets the state the form started from (the saved record) and returns the draft kept for
   * this form, if there is one that differs from it.
   */
  async load(baseline: T): Promise<T | null> {
    this.#baseline = JSON.stringify(baseline);
    let json: string | null = null;
    try {
      await writes.get(this.key);
      json = await this.#backend.draft(this.key);
    } catch {
      return null;
    }
    if (json === null || json === this.#baseline) return null;
    this.#written = json;
    try {
      return JSON.parse(json) as T;
    } catch {
      return null;
    }
  }

  /** The form's current state; saved after a pause in typing. */
  update(state: T): void {
    this.#save(JSON.stringify(state));
  }

  /** Writes a pending change now. */
  flush(): Promise<void> {
    this.#save.flush();
    return this.#inflight;
  }

  /** Drops the draft (after saving the record, or when the user throws it away). */
  async discard(): Promise<void> {
    this.#save.cancel();
    await this.#inflight;
    this.#written = null;
    const call = this.#backend.clearDraft(this.key).catch(() => {
      // Locked or gone: nothing to keep anyway.
    });
    writes.set(this.key, call);
    await call;
    if (writes.get(this.key) === call) writes.delete(this.key);
  }

  /** The form is closing: writes what is pending and forgets this draft. */
  close(): Promise<void> {
    open.delete(this as Draft<unknown>);
    return this.flush();
  }

  #write(json: string): void {
    if (json === this.#written) return;
    const same = json === this.#baseline;
    if (same && this.#written === null) return;
    this.#written = same ? null : json;
    const call = same ? this.#backend.clearDraft(this.key) : this.#backend.saveDraft(this.key, json);
    const done = this.#inflight.then(
      () => call.catch(() => undefined),
      () => undefined,
    );
    this.#inflight = done;
    writes.set(this.key, done);
    void done.then(() => {
      if (writes.get(this.key) === done) writes.delete(this.key);
    });
  }
}
