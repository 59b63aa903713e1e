/**
 * Before every test: the guided tour counts as seen on this (jsdom) computer, so that a test of
 * anything else meets the unlocked app as someone who has used it. The tour's own tests forget it.
 */
import { beforeEach } from 'vitest';
import { TOUR_SEEN_KEY } from '../features/shell/tour';

beforeEach(() => {
  localStorage.setItem(TOUR_SEEN_KEY, '1');
});
