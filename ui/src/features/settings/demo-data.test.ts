import { fireEvent, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n/index.svelte';
import { AppState } from '../../lib/app.svelte';
import type { IpcError } from '../../lib/backend';
import { fakeBackend } from '../../lib/backend/fake';
import { demo, renderIn } from '../../test/harness';
import DemoData from './DemoData.svelte';
import Settings from './Settings.svelte';

afterEach(() => {
  setLocale('zh-CN');
  vi.useRealTimers();
});

describe('示例数据 in the settings', () => {
  it('deletes the demo store only after a confirmation, and says so', async () => {
    const { app, backend } = await demo();
    const remove = vi.spyOn(backend, 'deleteDemo');
    renderIn(app, DemoData, {});

    expect(screen.getByRole('heading', { name: '示例数据' })).toBeTruthy();
    await fireEvent.click(screen.getByTestId('demo-delete'));
    const confirm = screen.getByTestId('demo-delete-confirm');
    expect(confirm.textContent).toContain('删除示例数据？');
    expect(confirm.textContent).toContain('正式工作台的数据不受影响');
    expect(remove).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('demo-delete-cancel'));
    expect(screen.queryByTestId('demo-delete-confirm')).toBeNull();
    expect(remove).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('demo-delete'));
    await fireEvent.click(screen.getByTestId('demo-delete-submit'));
    expect(remove).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(screen.queryByTestId('demo-delete-confirm')).toBeNull());
    expect(app.toasts.items.map((n) => n.text)).toContain('示例数据已删除');
  });

  it('says in the confirmation why the demo could not be deleted', async () => {
    const refused: IpcError = { code: 'invalid', message: 'the demo is in use: leave it first', field: null };
    const { app } = await demo({ deleteDemo: () => Promise.reject(refused) });
    renderIn(app, DemoData, {});

    await fireEvent.click(screen.getByTestId('demo-delete'));
    await fireEvent.click(screen.getByTestId('demo-delete-submit'));
    expect((await screen.findByTestId('demo-delete-error')).textContent).toBe('请求无效。请检查填写的内容后重试。');
    expect(app.toasts.items).toHaveLength(0);
  });

  it('is off while the demo is in use, saying to leave it first', async () => {
    const backend = fakeBackend();
    const remove = vi.spyOn(backend, 'deleteDemo');
    const app = new AppState(backend, await backend.tryDemo());
    renderIn(app, Settings, {});

    const button = (await screen.findByTestId('demo-delete')) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(screen.getByTestId('demo-delete-in-use').textContent).toBe('示例数据正在使用，不能删除。请先点击顶部的“退出示例”。');
    await fireEvent.click(button);
    expect(screen.queryByTestId('demo-delete-confirm')).toBeNull();
    expect(remove).not.toHaveBeenCalled();
    // The backend refuses it too.
    await expect(backend.deleteDemo()).rejects.toMatchObject({ code: 'invalid' });
  });
});
