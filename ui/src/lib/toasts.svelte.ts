/** Short messages in the corner: what just happened, or what went wrong and what to do. */
export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
  action?: { label: string; run: () => void };
}

export class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  show(text: string, tone: Toast['tone'] = 'info', action?: Toast['action']): number {
    const id = this.#next++;
    this.items = [...this.items, action ? { id, text, tone, action } : { id, text, tone }].slice(-4);
    // Errors stay longer: they say what to do.
    this.#timers.set(
      id,
      setTimeout(() => this.dismiss(id), tone === 'error' ? 10_000 : 4_000),
    );
    return id;
  }

  dismiss(id: number): void {
    const timer = this.#timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.items = [];
  }
}
