import { fireEvent, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n/index.svelte';
import { FAKE_PASSPHRASE } from '../../lib/backend/fake';
import { demo, renderIn } from '../../test/harness';
import Backups from './Backups.svelte';

afterEach(() => setLocale('zh-CN'));

describe('backups and restore', () => {
  it('makes a backup now and lists it with its time, kind and size', async () => {
    const { app } = await demo();
    renderIn(app, Backups, {});
    expect((await screen.findByTestId('backups-empty')).textContent).toBe('还没有备份。');

    await fireEvent.click(screen.getByTestId('backup-now'));
    const rows = await screen.findAllByTestId('backup-row');
    expect(rows).toHaveLength(1);
    const cells = within(rows[0] as HTMLElement).getAllByRole('cell').map((c) => c.textContent?.trim());
    expect(cells[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(cells[1]).toBe('备份');
    expect(cells[2]).toMatch(/^\d+(\.\d)? (KB|MB)$/);
    expect(app.toasts.items.map((n) => n.text)).toContain('已备份');
  });

  it('restores a backup after the confirmation, then locks; a wrong passphrase changes nothing', async () => {
    const { app, backend } = await demo();
    const onLocked = vi.fn();
    app.onLocked = onLocked;
    const backup = await backend.backupNow();
    const restore = vi.spyOn(backend, 'restoreBackup');
    renderIn(app, Backups, {});

    await fireEvent.click(await screen.findByTestId('backup-restore'));
    const form = screen.getByTestId('backup-confirm');
    expect(form.textContent).toContain('这之后的更改会丢失');
    await fireEvent.input(screen.getByTestId('backup-passphrase'), { target: { value: 'not it' } });
    await fireEvent.click(screen.getByTestId('backup-restore-submit'));
    expect((await screen.findByTestId('backup-error')).textContent).toContain('口令不正确');
    expect(onLocked).not.toHaveBeenCalled();

    await fireEvent.input(screen.getByTestId('backup-passphrase'), { target: { value: FAKE_PASSPHRASE } });
    await fireEvent.click(screen.getByTestId('backup-restore-submit'));
    await vi.waitFor(() => expect(onLocked).toHaveBeenCalledWith('restored'));
    expect(restore).toHaveBeenLastCalledWith(backup.name, app.session.person.id, FAKE_PASSPHRASE);
  });

  it('says it in English too', async () => {
    setLocale('en');
    const { app } = await demo();
    renderIn(app, Backups, {});
    expect((await screen.findByTestId('backups-empty')).textContent).toBe('No backups yet.');
    expect(screen.getByTestId('backup-now').textContent?.trim()).toBe('Back up now');
  });
});
