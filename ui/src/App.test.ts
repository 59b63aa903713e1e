import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { setLocale } from './i18n/index.svelte';
import { FAKE_PASSPHRASE, fakeBackend } from './lib/backend/fake';

afterEach(() => setLocale('zh-CN'));

describe('start', () => {
  it('is in Chinese by default, shows the version, and starts with first-run setup when there is no store', async () => {
    render(App, { backend: fakeBackend() });

    expect(await screen.findByTestId('setup-submit')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('首次设置');
    expect(await screen.findByText('版本 0.0.0-test')).toBeTruthy();
    expect(screen.getByRole('button', { name: '中文' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('switches to English and back', async () => {
    render(App, { backend: fakeBackend({ appVersion: () => Promise.resolve('1.2.3') }) });

    await screen.findByTestId('setup-submit');
    await fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('First-time setup');
    expect(await screen.findByText('Version 1.2.3')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');

    await fireEvent.click(screen.getByRole('button', { name: '中文' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('首次设置');
  });

  it('shows the unlock screen when a store exists, and the app once unlocked', async () => {
    render(App, { backend: fakeBackend({}, { store: 'demo' }) });

    const person = (await screen.findByTestId('unlock-person')) as HTMLSelectElement;
    await fireEvent.change(person, { target: { value: person.options[1]?.value } });
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: FAKE_PASSPHRASE } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));

    expect(await screen.findByTestId('nav-dashboard')).toBeTruthy();
    expect(await screen.findByTestId('dash-jobs')).toBeTruthy();
  });

  it('says what to do when the store cannot be read', async () => {
    render(App, { backend: fakeBackend({ storeStatus: () => Promise.reject({ code: 'store.damaged', message: 'x', field: null }) }) });
    expect((await screen.findByTestId('start-error')).textContent).toContain('数据文件已损坏');
  });
});
