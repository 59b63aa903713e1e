import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ReportProgress } from '../backend';
import { demo, renderIn } from '../../test/harness';
import ReportButton from './ReportButton.svelte';

describe('a report button', () => {
  it('shows the pages as they are written, then says where the document was saved', async () => {
    const { app, backend } = await demo();
    let finish: (path: string | null) => void = () => {};
    let progress: (p: ReportProgress) => void = () => {};
    const save = vi.spyOn(backend, 'saveReport').mockImplementation((_request, _file, onProgress) => {
      progress = onProgress;
      return new Promise((resolve) => (finish = resolve));
    });
    renderIn(app, ReportButton, { request: { kind: 'brief', trip_id: 't1' }, fileName: '出访简报-苏锡.pdf', label: '出访简报 PDF', testid: 'brief' });
    const button = screen.getByTestId('brief') as HTMLButtonElement;
    await fireEvent.click(button);
    expect(save).toHaveBeenCalledWith({ kind: 'brief', trip_id: 't1' }, '出访简报-苏锡.pdf', expect.any(Function));
    // While the document is made the button says so and cannot be pressed twice.
    expect(button.disabled).toBe(true);
    expect(button.textContent?.trim()).toBe('正在生成…');
    progress({ page: 3, pages: 10 });
    await vi.waitFor(() => expect(button.textContent?.trim()).toBe('正在生成… 第 3 / 10 页'));
    progress({ page: 10, pages: 10 });
    await vi.waitFor(() => expect(button.textContent?.trim()).toBe('正在生成… 第 10 / 10 页'));
    finish('/home/me/出访简报-苏锡.pdf');
    await vi.waitFor(() => expect(button.disabled).toBe(false));
    expect(button.textContent?.trim()).toBe('出访简报 PDF');
    expect(app.toasts.items.map((t) => t.text)).toContain('已保存并打开：/home/me/出访简报-苏锡.pdf');

    // The next document starts without the last one's pages.
    await fireEvent.click(button);
    expect(button.textContent?.trim()).toBe('正在生成…');
    finish(null);
  });

  it('says nothing when the save dialog is cancelled, and shows a failure in words', async () => {
    const { app, backend } = await demo();
    vi.spyOn(backend, 'saveReport').mockResolvedValueOnce(null).mockRejectedValueOnce({ code: 'not_found', message: '', field: null });
    renderIn(app, ReportButton, { request: { kind: 'summary', from: null, to: null }, fileName: 's.pdf', label: '工作简报 PDF', testid: 'summary' });
    await fireEvent.click(screen.getByTestId('summary'));
    await vi.waitFor(() => expect((screen.getByTestId('summary') as HTMLButtonElement).disabled).toBe(false));
    expect(app.toasts.items).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('summary'));
    await vi.waitFor(() => expect(app.toasts.items).toHaveLength(1));
    expect(app.toasts.items[0]?.tone).toBe('error');
  });
});
