/** Which record a card edits in place: its id, 'new' for a new one, or null for none. */
export class Editing {
  id = $state<string | 'new' | null>(null);
  #onchanged: () => void;

  /** `onchanged` is called once a record is saved. */
  constructor(onchanged: () => void) {
    this.#onchanged = onchanged;
  }

  /** Opens the form of record `id`, or of a new record. */
  open = (id: string | 'new'): void => {
    this.id = id;
  };

  /** Closes the form. */
  close = (): void => {
    this.id = null;
  };

  /** The form saved: it closes and the page learns of the change. */
  saved = (): void => {
    this.id = null;
    this.#onchanged();
  };
}
