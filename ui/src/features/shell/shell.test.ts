import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import { FAKE_PASSPHRASE, fakeBackend } from '../../lib/backend/fake';
import type { Backend } from '../../lib/backend';
import Shell from './Shell.svelte';

afterEach(() => {
  vi.useRealTimers();
});

async function unlockedApp(backend: Backend = fakeBackend({}, { store: 'demo' })) {
  render(App, { backend });
  const person = (await screen.findByTestId('unlock-person')) as HTMLSelectElement;
  await fireEvent.change(person, { target: { value: person.options[1]?.value } });
  await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: FAKE_PASSPHRASE } });
  await fireEvent.click(screen.getByTestId('unlock-submit'));
  await screen.findByTestId('nav-dashboard');
  return backend;
}

describe('the shell', () => {
  it('says after unlock when an admin set one’s passphrase, and who', async () => {
    const backend = fakeBackend({}, { store: 'demo', unlocked: true });
    const wang = (await backend.storeStatus()).people.find((p) => p.label === '王珊')!;
    await backend.setPassphrase(wang.person_id, 'spring visits 2027', FAKE_PASSPHRASE);
    await backend.lock();
    render(App, { backend });
    const person = (await screen.findByTestId('unlock-person')) as HTMLSelectElement;
    await fireEvent.change(person, { target: { value: wang.person_id } });
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: 'spring visits 2027' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    await screen.findByTestId('nav-dashboard');
    expect(await screen.findByText(/^你的口令已由周明远于.+重新设置。如非本人知情，请联系管理员。$/)).toBeTruthy();
  });

  it('says nothing of the passphrase when it was not set by someone else', async () => {
    await unlockedApp();
    expect(screen.queryByText(/你的口令已由/)).toBeNull();
  });

  it('navigates with the left nav', async () => {
    await unlockedApp();
    await fireEvent.click(screen.getByTestId('nav-employers'));
    expect(await screen.findByTestId('page-employers')).toBeTruthy();
    expect(screen.getByTestId('nav-employers').getAttribute('aria-current')).toBe('page');
    await fireEvent.click(screen.getByTestId('nav-settings'));
    expect(await screen.findByTestId('page-settings')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('nav-team'));
    expect(await screen.findByTestId('page-team')).toBeTruthy();
    expect(screen.getByTestId('nav-team').textContent?.trim()).toBe('团队');
  });

  it('locks with Ctrl+L, dropping every view', async () => {
    const backend = await unlockedApp();
    const lock = vi.spyOn(backend, 'lock');
    await fireEvent.click(screen.getByTestId('nav-employers'));
    await screen.findByTestId('employer-list');

    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });

    expect(await screen.findByTestId('unlock-passphrase')).toBeTruthy();
    expect(lock).toHaveBeenCalledOnce();
    expect(screen.queryByTestId('employer-list')).toBeNull();
    expect(screen.queryByTestId('nav-dashboard')).toBeNull();
    await expect(backend.listEmployers({ industry: null, region: null, key_only: false, origin: null, limit: null })).rejects.toMatchObject({
      code: 'store.locked',
    });
  });

  it('writes pending drafts before locking', async () => {
    const backend = await unlockedApp();
    const saveDraft = vi.spyOn(backend, 'saveDraft');
    const lock = vi.spyOn(backend, 'lock');
    await fireEvent.click(screen.getByTestId('nav-visits'));
    await fireEvent.click(await screen.findByTestId('visit-new'));
    await fireEvent.input(await screen.findByTestId('visit-objectives'), { target: { value: '商谈订单班' } });

    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
    await screen.findByTestId('unlock-passphrase');
    expect(saveDraft).toHaveBeenCalledWith('visit:new', expect.stringContaining('商谈订单班'));
    expect(saveDraft.mock.invocationCallOrder[0]).toBeLessThan(lock.mock.invocationCallOrder[0] ?? 0);
  });

  it('locks with the button too', async () => {
    await unlockedApp();
    await fireEvent.click(screen.getByTestId('lock'));
    expect(await screen.findByTestId('unlock-passphrase')).toBeTruthy();
  });

  it('opens search with Ctrl+K', async () => {
    await unlockedApp();
    expect(screen.queryByTestId('search-input')).toBeNull();
    await fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    expect(await screen.findByTestId('search-input')).toBe(document.activeElement);
    await fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'Escape' });
    expect(screen.queryByTestId('search-input')).toBeNull();
  });

  it('undoes with Ctrl+Z outside text fields only, and says so', async () => {
    const backend = await unlockedApp();
    const undo = vi.spyOn(backend, 'undo');
    await fireEvent.click(screen.getByTestId('nav-tasks'));
    await fireEvent.click(await screen.findByTestId('task-add'));
    await fireEvent.keyDown(screen.getByTestId('task-title'), { key: 'z', ctrlKey: true });
    expect(undo).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('nav-tasks'));
    const [done] = await screen.findAllByTestId('task-done');
    await fireEvent.click(done as HTMLElement);
    await vi.waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(1));

    await fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    expect(undo).toHaveBeenCalledOnce();
    const toasts = screen.getByTestId('toasts');
    await vi.waitFor(() => expect(within(toasts).getByText(/已撤销/)).toBeTruthy());
    await vi.waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(2));
  });

  it('says there is nothing to undo', async () => {
    await unlockedApp();
    await fireEvent.click(screen.getByTestId('undo'));
    expect(await screen.findByText('没有可以撤销的更改。')).toBeTruthy();
  });

  it('tells the shell of the user at most every 15 s, and locks when the shell says it locked', async () => {
    vi.useFakeTimers();
    const backend = fakeBackend({}, { store: 'demo' });
    const status = await backend.storeStatus();
    const session = await backend.unlock(status.people[0]?.person_id ?? '', FAKE_PASSPHRASE);
    const touch = vi.spyOn(backend, 'touch');
    const watch = vi.spyOn(backend, 'watchLock');
    const onlock = vi.fn();
    render(Shell, { backend, session, onlock });
    await vi.advanceTimersByTimeAsync(0);

    await fireEvent.pointerMove(window);
    await fireEvent.keyDown(window, { key: 'a' });
    expect(touch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(15_000);
    await fireEvent.pointerMove(window);
    expect(touch).toHaveBeenCalledTimes(2);

    expect(onlock).not.toHaveBeenCalled();
    watch.mock.calls[0]?.[0]('suspend');
    expect(onlock).toHaveBeenCalledWith('suspend');
  });
});
