/**
 * A form's saving: one save at a time (`busy`), and what the last one failed with (`error`),
 * shown under its field (`fieldError`) or, when it names none, above the form's buttons.
 */
import { codeText, errorField, errorText } from './errors';

/** An error to show on a form: under `field`, or above the buttons when `field` is null. */
export interface FormError {
  field: string | null;
  text: string;
}

export class Submission {
  busy = $state(false);
  error = $state<FormError | null>(null);

  /** The error to show under `field`, if the last save failed there. */
  fieldError = (field: string): string | null => (this.error?.field === field ? this.error.text : null);

  /**
   * A problem found before anything is sent: shown under `field` in the words of `code`.
   * Returns null, so that a `prepare` step can `return submission.invalid(…)`.
   */
  invalid(field: string, code: string): null {
    this.error = { field, text: codeText(code) };
    return null;
  }

  /**
   * Saves, unless a save is running: `prepare` makes what to send (null when it found a
   * problem, see `invalid`), then `save` sends it with `busy` set. What `save` throws becomes `error`.
   */
  async submit<T>(prepare: () => T | null, save: (value: T) => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.error = null;
    const value = prepare();
    if (value === null) return;
    await this.exclusive(async () => {
      try {
        await save(value);
      } catch (err) {
        this.error = { field: errorField(err), text: errorText(err) };
      }
    });
  }

  /** `submit` with nothing to prepare. */
  run(save: () => Promise<void>): Promise<void> {
    return this.submit(() => true, save);
  }

  /** Runs `action` unless a save is running, with `busy` set meanwhile; its errors are its own. */
  async exclusive(action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await action();
    } finally {
      this.busy = false;
    }
  }
}
