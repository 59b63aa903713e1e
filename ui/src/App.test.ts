import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { setLocale } from './i18n/index.svelte';
import { fakeBackend } from './lib/backend/fake';

afterEach(() => setLocale('zh-CN'));

describe('start screen', () => {
  it('is in Chinese by default and shows the version from the backend', async () => {
    render(App, { backend: fakeBackend() });

    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('访企拓岗工作台');
    expect(await screen.findByText('版本 0.0.0-test')).toBeTruthy();
    expect(screen.getByRole('button', { name: '中文' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('switches to English and back', async () => {
    render(App, { backend: fakeBackend({ appVersion: () => Promise.resolve('1.2.3') }) });

    await fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Visitdesk');
    expect(await screen.findByText('Version 1.2.3')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Language' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');

    await fireEvent.click(screen.getByRole('button', { name: '中文' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('访企拓岗工作台');
  });

  it('shows no version when the backend cannot tell it', async () => {
    render(App, { backend: fakeBackend({ appVersion: () => Promise.reject(new Error('no IPC')) }) });

    await new Promise((settled) => setTimeout(settled, 0));
    expect(screen.getByRole('contentinfo').textContent?.trim()).toBe('');
  });
});
