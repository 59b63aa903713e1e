/**
 * What every view of the unlocked app shares: the backend, the router, toasts, who is
 * working, and a revision that views reload on after undo and restore. The shell creates it
 * when the store is unlocked and drops it on lock, which clears every view.
 */
import { getContext, setContext } from 'svelte';
import { t } from '../i18n/index.svelte';
import type { Backend, FolderPass, Kind, Session } from './backend';
import { errorCode, errorWithField } from './errors';
import { RightsOf } from './rights';
import { appliedBy } from './team';
import { Router, type Route } from './router.svelte';
import { Toasts } from './toasts.svelte';

const KEY = Symbol('visitdesk-app');

export class AppState {
  readonly backend: Backend;
  readonly session: Session;
  /** What the person may do, from `session.rights`: views disable the rest, naming the right. */
  readonly rights: RightsOf;
  readonly router: Router;
  readonly toasts = new Toasts();
  /** Bumped when records change behind the views' back (undo, restore); lists reload. */
  revision = $state(0);
  /**
   * The last pass over the team folder, the shell's own (when idle) or one asked for on the team
   * page, with the time it was heard of; the team page and the header's status reload on it.
   */
  teamPass = $state<{ pass: FolderPass; at: Date } | null>(null);
  /** Called when a call says the store is locked (`external`), or after a restore locked it. */
  onLocked: (reason: 'external' | 'restored') => void = () => {};

  constructor(backend: Backend, session: Session, start?: Route) {
    this.backend = backend;
    this.session = session;
    this.rights = new RightsOf(session.rights, session.person.id);
    this.router = new Router(start);
  }

  go(route: Route): void {
    this.router.go(route);
  }

  changed(): void {
    this.revision++;
  }

  /** A pass over the team folder was made: notes it and, when it applied records, reloads the views. */
  passed(pass: FolderPass): void {
    this.teamPass = { pass, at: new Date() };
    if (appliedBy(pass) > 0) this.changed();
  }

  /**
   * Says what just happened. Without `action` it is a routine confirmation ("已保存"): it takes the
   * place of the one before and goes after a moment; with one (undo, "查看") it stays longer.
   */
  info(text: string, action?: { label: string; run: () => void }): void {
    this.toasts.show(text, 'info', action);
  }

  /** Says something the person should read (not a routine confirmation): it stays as long as an error. */
  notice(text: string): void {
    this.toasts.show(text, 'notice');
  }

  /** Says what was just done, with a button that undoes it. */
  undoable(text: string): void {
    this.info(text, { label: t('undo.button'), run: () => void this.undo() });
  }

  /** Moves a record (and what goes with it) to the trash, says so (undoably), then goes to `then`. */
  async moveToTrash(kind: Kind, id: string, then: Route): Promise<void> {
    try {
      const n = await this.backend.deleteRecord(kind, id);
      this.undoable(t('trash.moved', { count: n }));
      this.changed();
      this.router.replace(then);
    } catch (e) {
      this.fail(e);
    }
  }

  /** Shows a failed call's error in the user's language; a locked store goes to the unlock screen. */
  fail(e: unknown): void {
    if (errorCode(e) === 'store.locked') {
      this.onLocked('external');
      return;
    }
    this.toasts.show(errorWithField(e), 'error');
  }

  /** Runs the backend's undo and says what happened; whether it undid anything. */
  async undo(): Promise<boolean> {
    try {
      const n = await this.backend.undo();
      this.info(t('undo.done', { count: n }));
      this.changed();
      return true;
    } catch (e) {
      this.fail(e);
      return false;
    }
  }
}

export function provideApp(app: AppState): AppState {
  setContext(KEY, app);
  return app;
}

export function useApp(): AppState {
  const app = getContext<AppState | undefined>(KEY);
  if (!app) throw new Error('useApp() outside the unlocked shell');
  return app;
}

/** For tests: the context map that `render(…, { context })` takes. */
export function appContext(app: AppState): Map<symbol, AppState> {
  return new Map([[KEY, app]]);
}
