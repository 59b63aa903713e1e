/**
 * Before every test: the guided tour counts as seen on this (jsdom) computer, so that a test of
 * anything else meets the unlocked app as someone who has used it. The tour's own tests forget it.
 *
 * And `findBy…` waits up to 5 s rather than 1 s: a page is a chunk loaded when first shown, which
 * on a 2-core machine busy compiling took 1.3–1.5 s (the visit editor), failing tests that do
 * nothing wrong.
 */
import { configure } from '@testing-library/svelte';
import { beforeEach } from 'vitest';
import { TOUR_SEEN_KEY } from '../features/shell/tour';

configure({ asyncUtilTimeout: 5000 });

beforeEach(() => {
  localStorage.setItem(TOUR_SEEN_KEY, '1');
});
