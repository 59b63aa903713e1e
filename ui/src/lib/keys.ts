/** Keyboard helpers shared by the shell and the forms. */

/** Ctrl (or ⌘ on a Mac keyboard) with `key`, no Alt. */
export function isShortcut(e: KeyboardEvent, key: string): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === key;
}

/** Whether the event comes from a place where typing text happens (Ctrl+Z is the field's own undo there). */
export function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLSelectElement) return false;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  }
  return false;
}

/**
 * A form's keyboard, as an action: Ctrl+S saves (submits), Esc cancels.
 * `<form use:formKeys={cancel}>`. (Enter in a single-line field submits the form natively.)
 */
export function formKeys(form: HTMLFormElement, cancel?: () => void): { update(next?: () => void): void; destroy(): void } {
  let onCancel = cancel;
  const handler = (e: KeyboardEvent): void => {
    if (isShortcut(e, 's')) {
      e.preventDefault();
      e.stopPropagation();
      form.requestSubmit();
    } else if (e.key === 'Escape' && onCancel && !e.defaultPrevented) {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  };
  form.addEventListener('keydown', handler);
  return {
    update(next?: () => void): void {
      onCancel = next;
    },
    destroy(): void {
      form.removeEventListener('keydown', handler);
    },
  };
}

/**
 * Enter submits the form from a select, checkbox or radio button too, not only from a text
 * field (where the browser does it): in a wizard, Enter goes on from wherever the focus is.
 * `<form use:enterSubmits>`. An input method composing text keeps its Enter.
 */
export function enterSubmits(form: HTMLFormElement): { destroy(): void } {
  const handler = (e: KeyboardEvent): void => {
    const t = e.target;
    const choice = t instanceof HTMLSelectElement || (t instanceof HTMLInputElement && ['checkbox', 'radio'].includes(t.type));
    if (e.key !== 'Enter' || !choice || e.isComposing || e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    form.requestSubmit();
  };
  form.addEventListener('keydown', handler);
  return {
    destroy(): void {
      form.removeEventListener('keydown', handler);
    },
  };
}
