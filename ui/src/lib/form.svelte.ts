/**
 * A form whose state is kept as a draft while the user types (see `drafts.ts`). Create it
 * while the component initialises; call `start(baseline)` once the saved record is known.
 */
import { onDestroy } from 'svelte';
import type { Backend } from './backend';
import { Draft } from './drafts';

export class DraftedForm<T extends object> {
  /** The form's state; bind inputs to its fields. */
  value: T = $state(undefined as unknown as T);
  /** The saved record (or blank form) has loaded and the draft, if any, is applied. */
  ready = $state(false);
  /** A kept draft was restored over the saved record. */
  restored = $state(false);
  #draft: Draft<T>;
  #baseline: T;

  constructor(backend: Backend, key: string, initial: T) {
    this.value = initial;
    this.#baseline = initial;
    this.#draft = new Draft<T>(backend, key);
    $effect(() => {
      const snapshot = $state.snapshot(this.value) as T;
      if (this.ready) this.#draft.update(snapshot);
    });
    onDestroy(() => void this.#draft.close());
  }

  /** Shows `baseline` (the saved record), or the draft kept for this form. */
  async start(baseline: T): Promise<void> {
    this.#baseline = structuredClone(baseline);
    const kept = await this.#draft.load(baseline);
    this.value = kept ? { ...baseline, ...kept } : baseline;
    this.restored = kept !== null;
    this.ready = true;
  }

  /** After a successful save: the draft is no longer needed. */
  async saved(next?: T): Promise<void> {
    this.ready = false;
    await this.#draft.discard();
    this.restored = false;
    if (next) {
      this.#baseline = structuredClone(next);
      this.value = next;
      await this.start(next);
    }
  }

  /** Throws the draft away and shows the saved record again. */
  async discard(): Promise<void> {
    this.ready = false;
    await this.#draft.discard();
    this.value = structuredClone(this.#baseline);
    this.restored = false;
    this.ready = true;
  }
}
