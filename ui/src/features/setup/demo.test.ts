import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import { setLocale } from '../../i18n/index.svelte';
import type { Backend, IpcError } from '../../lib/backend';
import { FAKE_PASSPHRASE, fakeBackend } from '../../lib/backend/fake';

afterEach(() => {
  setLocale('zh-CN');
  vi.useRealTimers();
});

const ALL = { industry: null, region: null, key_only: false, origin: null, limit: null, text: null } as const;

/** Holds `backend.tryDemo`'s answer until the returned function is called, as the core takes its seconds. */
function slowDemo(backend: Backend): () => void {
  const open = backend.tryDemo;
  let release = (): void => {};
  const ready = new Promise<void>((resolve) => (release = resolve));
  vi.spyOn(backend, 'tryDemo').mockImplementationOnce(async () => {
    await ready;
    return open();
  });
  return release;
}

/** The app on a fake with no store, in the demo tried from first run. */
async function inDemoFromFirstRun(backend: Backend = fakeBackend()): Promise<Backend> {
  render(App, { backend });
  await fireEvent.click(await screen.findByTestId('setup-choice-demo'));
  await fireEvent.click(screen.getByTestId('demo-open'));
  await screen.findByTestId('demo-banner');
  return backend;
}

describe('the demo store', () => {
  it('is offered on first run beside creating a store; it says it is being prepared, then enters the app under its banner', async () => {
    const backend = fakeBackend();
    const release = slowDemo(backend);
    render(App, { backend });

    const choice = await screen.findByTestId('setup-choice-demo');
    const option = choice.closest('label') as HTMLElement;
    expect(option.textContent).toContain('用示例数据试用');
    expect(option.textContent).toContain('单独存放的虚构数据');
    expect(option.textContent).toContain('永远不会与正式数据混在一起');
    await fireEvent.click(choice);
    expect(screen.queryByTestId('setup-submit')).toBeNull();

    await fireEvent.click(screen.getByTestId('demo-open'));
    expect(backend.tryDemo).toHaveBeenCalledOnce();
    expect(screen.getByTestId('demo-preparing').textContent).toBe('正在准备示例数据，约需十几秒…');
    expect((screen.getByTestId('demo-open') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('setup-choice') as HTMLFieldSetElement).disabled).toBe(true);

    release();
    const banner = await screen.findByTestId('demo-banner');
    expect(banner.textContent?.replace(/\s+/g, ' ').trim()).toBe('示例数据 · 这里的内容都是虚构的，不会进入正式工作台 退出示例');
    expect(screen.getByTestId('nav-dashboard')).toBeTruthy();
    // The demo's records, read as any unlocked store's.
    expect((await backend.listEmployers({ ...ALL })).length).toBeGreaterThan(0);

    // On every screen.
    await fireEvent.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('page-settings');
    expect(screen.getByTestId('demo-banner')).toBeTruthy();
  });

  it('is left with 退出示例, back to the real store’s screen, locked', async () => {
    const backend = await inDemoFromFirstRun();
    const leave = vi.spyOn(backend, 'leaveDemo');
    const lock = vi.spyOn(backend, 'lock');

    await fireEvent.click(screen.getByTestId('demo-leave'));

    // No real store yet: its first run again, with the demo still on offer.
    expect(await screen.findByTestId('setup-choice')).toBeTruthy();
    expect(leave).toHaveBeenCalledOnce();
    expect(lock).not.toHaveBeenCalled();
    expect(screen.queryByTestId('demo-banner')).toBeNull();
    expect(screen.queryByTestId('nav-dashboard')).toBeNull();
    await expect(backend.listEmployers({ ...ALL })).rejects.toMatchObject({ code: 'store.locked' });
  });

  it('is offered on the unlock screen too, and leaving it comes back there', async () => {
    const backend = fakeBackend({}, { store: 'demo' });
    const people = (await backend.storeStatus()).people;
    render(App, { backend });

    const link = await screen.findByTestId('demo-link');
    expect(link.textContent).toContain('永远不会与正式数据混在一起');
    await fireEvent.click(screen.getByTestId('demo-open'));
    expect(await screen.findByTestId('demo-banner')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('demo-leave'));
    const person = (await screen.findByTestId('unlock-person')) as HTMLSelectElement;
    expect((await backend.storeStatus()).people).toEqual(people);
    // What unlocks now is the real store, without the banner.
    await fireEvent.change(person, { target: { value: people[0]?.person_id } });
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: FAKE_PASSPHRASE } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    await screen.findByTestId('nav-dashboard');
    expect(screen.queryByTestId('demo-banner')).toBeNull();
  });

  it('is left by any lock too: the real store’s screen comes back, not the demo’s', async () => {
    const backend = await inDemoFromFirstRun();
    const leave = vi.spyOn(backend, 'leaveDemo');

    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });

    expect(await screen.findByTestId('setup-choice')).toBeTruthy();
    expect(leave).toHaveBeenCalledOnce();
  });

  it('is named in 帮助 → 关于 too', async () => {
    await inDemoFromFirstRun();
    await fireEvent.click(screen.getByTestId('help'));
    await fireEvent.click(screen.getByTestId('help-about'));
    expect((await screen.findByTestId('about-demo')).textContent).toBe('示例数据');
  });

  it('says why it could not be opened, and stays on first run', async () => {
    const refused: IpcError = { code: 'internal', message: 'disk full', field: null };
    render(App, { backend: fakeBackend({ tryDemo: () => Promise.reject(refused) }) });
    await fireEvent.click(await screen.findByTestId('setup-choice-demo'));
    await fireEvent.click(screen.getByTestId('demo-open'));

    expect((await screen.findByTestId('demo-error')).getAttribute('role')).toBe('alert');
    expect(screen.queryByTestId('demo-banner')).toBeNull();
    expect((screen.getByTestId('demo-open') as HTMLButtonElement).disabled).toBe(false);
  });

  it('says it in English too', async () => {
    setLocale('en');
    await inDemoFromFirstRun();
    expect(screen.getByTestId('demo-banner').textContent).toContain('Everything here is made up and never enters your real records');
    expect(screen.getByTestId('demo-leave').textContent).toBe('Leave the sample data');
  });
});
