import { fireEvent, render, screen, within } from '@testing-library/svelte';
import type { ComponentProps } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { t } from '../../i18n/index.svelte';
import type DraftNotice from './DraftNotice.svelte';
import Lazy from './Lazy.svelte';

/** `Lazy` showing a small screen with props of its own (a generic component, given its props for the checker). */
const LazyNotice = Lazy<ComponentProps<typeof DraftNotice>>;

describe('a screen fetched on first use', () => {
  it('is fetched when first shown, with its props, and shown at once the next time', async () => {
    const load = vi.fn(() => import('./DraftNotice.svelte'));
    const ondiscard = vi.fn();
    const first = render(LazyNotice, { load, ondiscard, testid: 'first' });
    // Until its chunk arrives there is nothing to show.
    expect(screen.queryByTestId('first')).toBeNull();
    await fireEvent.click(within(await screen.findByTestId('first')).getByRole('button', { name: t('draft.discard') }));
    expect(ondiscard).toHaveBeenCalledOnce();
    first.unmount();

    render(LazyNotice, { load, ondiscard, testid: 'again' });
    expect(screen.getByTestId('again')).toBeTruthy();
    expect(load).toHaveBeenCalledOnce();
  });

  it('passes changed props on', async () => {
    const load = () => import('./DraftNotice.svelte');
    const { rerender } = render(LazyNotice, { load, ondiscard: () => {}, testid: 'before' });
    await screen.findByTestId('before');

    await rerender({ load, ondiscard: () => {}, testid: 'after' });

    expect(screen.getByTestId('after')).toBeTruthy();
    expect(screen.queryByTestId('before')).toBeNull();
  });

  it('says so when the chunk cannot be fetched', async () => {
    render(Lazy, { load: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')) });
    expect((await screen.findByRole('alert')).textContent).toBe(t('error.unknown'));
  });
});
