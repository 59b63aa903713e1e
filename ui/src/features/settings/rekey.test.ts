import { fireEvent, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n/index.svelte';
import { FAKE_PASSPHRASE } from '../../lib/backend/fake';
import { errors } from '../../lib/backend/fixtures';
import { demo, renderIn } from '../../test/harness';
import Rekey from './Rekey.svelte';
import Settings from './Settings.svelte';

afterEach(() => setLocale('zh-CN'));

const KEY_FORMAT = /^([A-Z0-9]{4}-){7}[A-Z0-9]{4}$/;

async function fill(mine: string, passphrase: string, again = passphrase): Promise<void> {
  await fireEvent.input(screen.getByTestId('rekey-mine'), { target: { value: mine } });
  await fireEvent.input(screen.getByTestId('rekey-passphrase'), { target: { value: passphrase } });
  await fireEvent.input(screen.getByTestId('rekey-passphrase-again'), { target: { value: again } });
}

describe('rekey', () => {
  it('is disabled for an assistant, naming the right', async () => {
    const { app, backend } = await demo({}, {}, '王珊');
    const rekey = vi.spyOn(backend, 'rekey');
    renderIn(app, Rekey, {});
    const start = screen.getByTestId('rekey-start') as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    expect(start.title).toBe('需要权限：管理人员');
    expect(screen.getByTestId('rekey-needs').textContent).toBe('需要权限：管理人员');
    expect((screen.getByTestId('rekey-mine') as HTMLInputElement).matches(':disabled')).toBe(true);
    expect((screen.getByTestId('rekey-passphrase') as HTMLInputElement).matches(':disabled')).toBe(true);
    // The explanation stays readable.
    expect(screen.getByTestId('rekey-explain').textContent).toContain('所有人的口令都会失效');
    await fireEvent.submit(screen.getByTestId('rekey-form'));
    expect(screen.queryByTestId('rekey-confirm')).toBeNull();
    expect(rekey).not.toHaveBeenCalled();
  });

  it('asks for confirmation, sends the current and new passphrase, then shows the new key once with its sheet', async () => {
    const { app, backend } = await demo();
    const realRekey = backend.rekey;
    const rekey = vi.spyOn(backend, 'rekey');
    const print = vi.spyOn(backend, 'saveRecoverySheet');
    renderIn(app, Settings, {});
    await screen.findAllByTestId('person-row');
    expect(screen.getByTestId('rekey').textContent).toContain('安全');
    expect(screen.getByTestId('rekey-explain').textContent).toContain('所有旧备份都会删除');
    expect(screen.queryAllByTestId('person-no-slot')).toHaveLength(0);

    await fill(FAKE_PASSPHRASE, 'autumn visits 2026', 'autumn visits 2025');
    await fireEvent.click(screen.getByTestId('rekey-start'));
    expect(screen.getByTestId('rekey-mismatch').textContent).toContain('不一致');
    expect(screen.queryByTestId('rekey-confirm')).toBeNull();

    await fireEvent.input(screen.getByTestId('rekey-passphrase-again'), { target: { value: 'autumn visits 2026' } });
    await fireEvent.click(screen.getByTestId('rekey-start'));
    expect(screen.getByTestId('rekey-confirm-step').textContent).toContain('无法撤销');
    expect(rekey).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('rekey-cancel'));
    expect(screen.queryByTestId('rekey-confirm')).toBeNull();
    expect(rekey).not.toHaveBeenCalled();

    // It takes seconds: the form says it is working, with nothing to press twice.
    let finish: () => void = () => {};
    rekey.mockImplementationOnce((mine, passphrase) => new Promise<void>((go) => (finish = go)).then(() => realRekey(mine, passphrase)));
    await fireEvent.click(screen.getByTestId('rekey-start'));
    await fireEvent.click(screen.getByTestId('rekey-confirm'));
    expect(rekey).toHaveBeenCalledWith(FAKE_PASSPHRASE, 'autumn visits 2026');
    expect(screen.getByTestId('rekey-progress').textContent).toContain('正在用新密钥重新加密');
    expect((screen.getByTestId('rekey-confirm') as HTMLButtonElement).disabled).toBe(true);
    finish();

    const key = (await screen.findByTestId('rekey-key')).textContent ?? '';
    expect(key).toMatch(KEY_FORMAT);
    expect(screen.queryByTestId('rekey-warning')).toBeNull();
    // Everyone else must have their passphrase set again; the backups are the fresh one.
    await vi.waitFor(() => expect(screen.getAllByTestId('person-no-slot')).toHaveLength(3));
    expect(await screen.findAllByTestId('backup-row')).toHaveLength(1);

    const button = screen.getByTestId('rekey-print');
    expect(button.textContent?.trim()).toBe('打印恢复密钥');
    await fireEvent.click(button);
    expect(print).toHaveBeenCalledWith(key, '访企拓岗工作台-恢复密钥.pdf');
    expect((await screen.findByTestId('rekey-print-saved')).textContent).toContain('/tmp/访企拓岗工作台-恢复密钥.pdf');

    const close = screen.getByTestId('rekey-close');
    expect(close.textContent?.trim()).toBe('我已妥善保存');
    await fireEvent.click(close);
    expect(screen.queryByTestId('rekey-key')).toBeNull();
    expect((screen.getByTestId('rekey-mine') as HTMLInputElement).value).toBe('');
    expect(app.toasts.items.map((n) => n.text)).toContain('加密密钥已更换。请在“人员”中为其他人重新设置口令。');

    // Only the admin's new passphrase opens the store now.
    const [admin, other] = (await backend.listPeople()).map((p) => p.id);
    await backend.lock();
    await expect(backend.unlock(other ?? '', FAKE_PASSPHRASE)).rejects.toMatchObject({ code: 'store.wrong_secret' });
    await expect(backend.unlock(admin ?? '', FAKE_PASSPHRASE)).rejects.toMatchObject({ code: 'store.wrong_secret' });
    expect((await backend.unlock(admin ?? '', 'autumn visits 2026')).person.id).toBe(admin);
  });

  it('says a wrong current passphrase at its field, and the core’s rule at the new one', async () => {
    const { app, backend } = await demo();
    const rekey = vi.spyOn(backend, 'rekey');
    renderIn(app, Rekey, {});
    await fill('not mine', 'autumn visits 2026');
    await fireEvent.click(screen.getByTestId('rekey-start'));
    await fireEvent.click(screen.getByTestId('rekey-confirm'));
    expect((await screen.findByTestId('rekey-mine-error')).textContent).toContain('口令不正确');
    expect(rekey).toHaveBeenLastCalledWith('not mine', 'autumn visits 2026');
    expect((screen.getByTestId('rekey-mine') as HTMLInputElement).value).toBe('');
    expect((screen.getByTestId('rekey-passphrase') as HTMLInputElement).value).toBe('autumn visits 2026');
    expect(screen.queryByTestId('rekey-key')).toBeNull();
    expect(screen.queryByTestId('rekey-passphrase-error')).toBeNull();

    rekey.mockRejectedValueOnce(errors.passphrase_too_short.error);
    await fill(FAKE_PASSPHRASE, errors.passphrase_too_short.input);
    await fireEvent.click(screen.getByTestId('rekey-start'));
    await fireEvent.click(screen.getByTestId('rekey-confirm'));
    expect((await screen.findByTestId('rekey-passphrase-error')).textContent).toBe('口令至少需要 8 个字符，请换一个更长的口令。');
    expect(screen.queryByTestId('rekey-mine-error')).toBeNull();
    expect(screen.queryByTestId('rekey-key')).toBeNull();
  });

  it('shows the key and says to back up now when something after the rekey failed', async () => {
    const key = 'QW3E-RT5Y-UP7A-SD9F-GH2J-KL4Z-XC6V-BN8M';
    const { app } = await demo({ rekey: () => Promise.resolve({ recovery_key: key, warning: 'store.disk_full' }) });
    renderIn(app, Rekey, {});
    await fill(FAKE_PASSPHRASE, FAKE_PASSPHRASE);
    await fireEvent.click(screen.getByTestId('rekey-start'));
    await fireEvent.click(screen.getByTestId('rekey-confirm'));
    expect((await screen.findByTestId('rekey-key')).textContent).toBe(key);
    const warning = screen.getByTestId('rekey-warning').textContent ?? '';
    expect(warning).toContain('磁盘已满');
    expect(warning).toContain('请马上在下方“备份与恢复”中点“立即备份”');
    expect(screen.getByTestId('rekey-print')).toBeTruthy();
  });

  it('says it in English too', async () => {
    setLocale('en');
    const { app } = await demo({ rekey: () => Promise.resolve({ recovery_key: 'QW3E-RT5Y-UP7A-SD9F-GH2J-KL4Z-XC6V-BN8M', warning: 'store.io' }) });
    renderIn(app, Rekey, {});
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Security');
    await fill(FAKE_PASSPHRASE, FAKE_PASSPHRASE);
    await fireEvent.click(screen.getByTestId('rekey-start'));
    expect(screen.getByTestId('rekey-confirm').textContent?.trim()).toBe('Change the key');
    await fireEvent.click(screen.getByTestId('rekey-confirm'));
    expect((await screen.findByTestId('rekey-warning')).textContent).toContain('Make a backup now');
    expect(screen.getByTestId('rekey-print').textContent?.trim()).toBe('Print the recovery key');
    expect(screen.getByTestId('rekey-close').textContent?.trim()).toBe('I have saved it safely');
  });
});
