/**
 * The guided tour shown on this computer's first unlock (and again from 帮助 → 使用导览): five
 * steps, each pointing at a nav item or button by its `data-testid`, on the page it is on.
 * Whether it was seen is a UI preference of this webview (localStorage), like the language.
 */
import type { MessageKey } from '../../i18n/zh-CN';
import type { Route } from '../../lib/router.svelte';

export const TOUR_SEEN_KEY = 'visitdesk.tour.seen';

export interface TourStep {
  /** The page the step's element is on: the tour shows it first. */
  route: Route;
  /** The `data-testid` of the element pointed at. */
  target: string;
  title: MessageKey;
  text: MessageKey;
}

export const TOUR_STEPS: readonly TourStep[] = [
  { route: { name: 'calendar' }, target: 'nav-calendar', title: 'tour.calendar.title', text: 'tour.calendar.text' },
  { route: { name: 'visits' }, target: 'visit-new', title: 'tour.plan.title', text: 'tour.plan.text' },
  { route: { name: 'visits' }, target: 'nav-visits', title: 'tour.complete.title', text: 'tour.complete.text' },
  { route: { name: 'dashboard' }, target: 'nav-dashboard', title: 'tour.dashboard.title', text: 'tour.dashboard.text' },
  { route: { name: 'dashboard' }, target: 'dash-summary', title: 'tour.pdf.title', text: 'tour.pdf.text' },
];

/** Whether the tour was shown on this computer (no storage: as if it was, so it does not nag). */
export function tourSeen(): boolean {
  try {
    return globalThis.localStorage?.getItem(TOUR_SEEN_KEY) !== null;
  } catch {
    return true;
  }
}

export function rememberTourSeen(): void {
  try {
    globalThis.localStorage?.setItem(TOUR_SEEN_KEY, '1');
  } catch {
    // No storage (a locked-down webview): it may show again next time.
  }
}
