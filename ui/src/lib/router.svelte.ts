/**
 * The in-memory router: which page is shown, as state. No URL, no hash: the desktop app has
 * no address bar, and locking drops the whole router with the views.
 */
export type Route =
  | { name: 'dashboard' }
  | { name: 'calendar' }
  | { name: 'employers' }
  /** `noteId`: a note of the employer to scroll to and mark (a search opened it). */
  | { name: 'employer'; id: string; noteId?: string }
  /** `id` null: a new employer. */
  | { name: 'employer-edit'; id: string | null }
  /** The import wizard (employers and contacts from a spreadsheet or CSV file). */
  | { name: 'import' }
  | { name: 'visits' }
  /** `id` null: a new visit, optionally for `employerId`; `noteId`: a note of the visit to scroll to and mark. */
  | { name: 'visit'; id: string | null; employerId?: string; noteId?: string }
  | { name: 'tasks' }
  /** Team sync: devices, bundles out and in, join requests, conflicts. */
  | { name: 'team' }
  /**
   * 一帮一 sharing with the paired school: the pairs, sharing, the jobs they shared. `posting` /
   * `event`: the one job posting or recruitment event to share (its card's 共享给对口高校), `label`
   * what the card calls it.
   */
  | { name: 'sharing'; posting?: string; event?: string; label?: string }
  | { name: 'trash' }
  | { name: 'settings' };

export type Section = 'dashboard' | 'calendar' | 'employers' | 'visits' | 'tasks' | 'team' | 'sharing' | 'trash' | 'settings';

/** The nav section a route belongs to. */
export function sectionOf(route: Route): Section {
  switch (route.name) {
    case 'employer':
    case 'employer-edit':
    case 'import':
      return 'employers';
    case 'visit':
      return 'visits';
    case 'sharing':
      return 'sharing';
    default:
      return route.name;
  }
}

export class Router {
  route = $state<Route>({ name: 'dashboard' });
  #history: Route[] = [];

  constructor(start: Route = { name: 'dashboard' }) {
    this.route = start;
  }

  go(next: Route): void {
    this.#history.push(this.route);
    if (this.#history.length > 50) this.#history.shift();
    this.route = next;
  }

  /** Shows `next` in place of the current page (after saving a form, say). */
  replace(next: Route): void {
    this.route = next;
  }

  /** Back to the previous page, or to `fallback` when there is none. */
  back(fallback: Route = { name: 'dashboard' }): void {
    this.route = this.#history.pop() ?? fallback;
  }
}
