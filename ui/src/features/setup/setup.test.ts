import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import { setLocale } from '../../i18n/index.svelte';
import type { Backend, IpcError } from '../../lib/backend';
import { FAKE_FINGERPRINT, FAKE_PASSPHRASE, FAKE_RECOVERY_KEY, fakeBackend } from '../../lib/backend/fake';
import { errors, session } from '../../lib/backend/fixtures';
import FirstRun from './FirstRun.svelte';
import Unlock from './Unlock.svelte';

afterEach(() => {
  setLocale('zh-CN');
  vi.useRealTimers();
});

async function fillFirstRun(passphrase: string, again = passphrase): Promise<void> {
  await fireEvent.input(screen.getByTestId('setup-school'), { target: { value: '江南理工职业技术学院' } });
  await fireEvent.input(screen.getByTestId('setup-name'), { target: { value: '周明远' } });
  await fireEvent.input(screen.getByTestId('setup-passphrase'), { target: { value: passphrase } });
  await fireEvent.input(screen.getByTestId('setup-passphrase-again'), { target: { value: again } });
}

describe('first run', () => {
  it('shows the core’s error when the passphrase is too short', async () => {
    const backend = fakeBackend();
    const create = vi.spyOn(backend, 'createStore').mockRejectedValueOnce(errors.passphrase_too_short.error);
    render(FirstRun, { backend, ondone: vi.fn() });

    await fillFirstRun(errors.passphrase_too_short.input);
    expect(screen.getByTestId('setup-strength').textContent).toContain('太短');
    await fireEvent.click(screen.getByTestId('setup-submit'));

    expect(create).toHaveBeenCalledOnce();
    expect((await screen.findByTestId('setup-passphrase-error')).textContent).toBe('口令至少需要 8 个字符，请换一个更长的口令。');
  });

  it('catches two different passphrases before asking the core', async () => {
    const backend = fakeBackend();
    const create = vi.spyOn(backend, 'createStore');
    render(FirstRun, { backend, ondone: vi.fn() });

    await fillFirstRun('spring visits 2026', 'spring visits 2025');
    await fireEvent.click(screen.getByTestId('setup-submit'));

    expect(screen.getByTestId('setup-mismatch').textContent).toContain('不一致');
    expect(create).not.toHaveBeenCalled();
  });

  it('creates the store, then shows the recovery key once and waits for "saved"', async () => {
    const backend = fakeBackend();
    const create = vi.spyOn(backend, 'createStore');
    const ondone = vi.fn();
    render(FirstRun, { backend, ondone });

    await fillFirstRun('spring visits 2026');
    await fireEvent.change(screen.getByTestId('setup-role'), { target: { value: 'president' } });
    await fireEvent.click(screen.getByTestId('setup-submit'));

    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({
        school: '江南理工职业技术学院',
        person_name: '周明远',
        role: 'president',
        passphrase: 'spring visits 2026',
        campaign_name: '书记校长访企拓岗促就业专项行动',
      }),
    );
    const key = await screen.findByTestId('recovery-key');
    expect(key.textContent).toMatch(/^[A-Z0-9-]{20,}$/);
    const next = screen.getByTestId('recovery-continue') as HTMLButtonElement;
    expect(next.disabled).toBe(true);
    await fireEvent.click(next);
    expect(ondone).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('recovery-saved'));
    await fireEvent.click(next);
    expect(ondone).toHaveBeenCalledWith(expect.objectContaining({ school: '江南理工职业技术学院' }));
    expect(screen.queryByTestId('recovery-key')).toBeNull();
  });

  it('prints the recovery key on its sheet and says where the PDF went', async () => {
    const backend = fakeBackend();
    const print = vi.spyOn(backend, 'saveRecoverySheet');
    const ondone = vi.fn();
    render(FirstRun, { backend, ondone });
    await fillFirstRun('spring visits 2026');
    await fireEvent.click(screen.getByTestId('setup-submit'));

    const key = (await screen.findByTestId('recovery-key')).textContent;
    expect(screen.getByText(/请点“打印恢复密钥”打印出来/)).toBeTruthy();
    const button = screen.getByTestId('recovery-print');
    expect(button.textContent?.trim()).toBe('打印恢复密钥');
    await fireEvent.click(button);
    expect(print).toHaveBeenCalledWith(key, '访企拓岗工作台-恢复密钥.pdf');
    expect((await screen.findByTestId('recovery-print-saved')).textContent).toBe('已保存并打开：/tmp/访企拓岗工作台-恢复密钥.pdf。打印后请删除这个文件。');

    // A cancelled save dialog says nothing more; printing does not stand for "saved".
    print.mockResolvedValueOnce(null);
    await fireEvent.click(button);
    expect(print).toHaveBeenCalledTimes(2);
    expect((screen.getByTestId('recovery-continue') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('recovery-saved'));
    await fireEvent.click(screen.getByTestId('recovery-continue'));
    expect(ondone).toHaveBeenCalledOnce();
  });
});

describe('unlock', () => {
  async function setup(overrides: Partial<Backend> = {}) {
    const backend = fakeBackend(overrides, { store: 'demo' });
    const status = await backend.storeStatus();
    const onunlock = vi.fn();
    render(Unlock, { backend, people: status.people, onunlock });
    await fireEvent.change(screen.getByTestId('unlock-person'), { target: { value: status.people[1]?.person_id } });
    return { backend, onunlock, status };
  }

  it('says clearly when the passphrase is wrong, and clears it', async () => {
    const { onunlock } = await setup();
    const input = screen.getByTestId('unlock-passphrase') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'not it' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));

    const error = await screen.findByTestId('unlock-error');
    expect(error.textContent).toContain('口令不正确');
    expect(input.value).toBe('');
    expect(onunlock).not.toHaveBeenCalled();
  });

  it('says it in English too', async () => {
    setLocale('en');
    await setup();
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: 'not it' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    expect((await screen.findByTestId('unlock-error')).textContent).toContain('Wrong passphrase');
  });

  it('unlocks as the chosen person with the right passphrase', async () => {
    const { onunlock, status } = await setup();
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: FAKE_PASSPHRASE } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    await vi.waitFor(() => expect(onunlock).toHaveBeenCalledOnce());
    expect(onunlock.mock.calls[0]?.[0].person.id).toBe(status.people[1]?.person_id);
  });

  it('after too many wrong passphrases, counts down the core’s wait with the button off', async () => {
    const wait = session.throttled.retry_after_seconds ?? 0;
    expect(session.throttled.code).toBe('store.throttled');
    await setup({ unlock: () => Promise.reject(session.throttled) });
    const submit = screen.getByTestId('unlock-submit') as HTMLButtonElement;
    vi.useFakeTimers();
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: FAKE_PASSPHRASE } });
    await fireEvent.click(submit);
    await vi.advanceTimersByTimeAsync(0);
    expect(screen.getByTestId('unlock-error').textContent).toBe(`口令错误次数过多。请在 ${wait} 秒后重试。`);
    expect(submit.disabled).toBe(true);

    await vi.advanceTimersByTimeAsync(3000);
    expect(screen.getByTestId('unlock-error').textContent).toBe(`口令错误次数过多。请在 ${wait - 3} 秒后重试。`);
    await vi.advanceTimersByTimeAsync((wait - 3) * 1000);
    expect(screen.queryByTestId('unlock-error')).toBeNull();
    expect(submit.disabled).toBe(false);
  });

  it('says a damaged store is damaged and restores the newest good backup', async () => {
    const damaged: IpcError = { code: 'store.damaged', message: 'x', field: null };
    const backup = { name: '20260301T020000Z', taken_at: '2026-03-01T02:00:00Z', bytes: 90_000, kind: 'regular' as const };
    const { backend, onunlock, status } = await setup({
      unlock: () => Promise.reject(damaged),
      checkStore: () => Promise.resolve({ problems: ['page 3: hmac check failed'], newest_good_backup: backup }),
    });
    const restore = vi.spyOn(backend, 'restoreBackup').mockResolvedValue(null);
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: FAKE_PASSPHRASE } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));

    const panel = await screen.findByTestId('unlock-damaged');
    await vi.waitFor(() => expect(panel.textContent).toContain('最新的完好备份是 2026-03-01'));
    expect(panel.textContent).toContain('数据文件已损坏');
    await fireEvent.click(screen.getByTestId('unlock-restore'));
    await vi.waitFor(() => expect(restore).toHaveBeenCalledWith(backup.name, status.people[1]?.person_id, FAKE_PASSPHRASE));
    expect((await screen.findByTestId('unlock-notice')).textContent).toBe('备份已恢复。请用备份当天的口令解锁。');
    expect(screen.queryByTestId('unlock-damaged')).toBeNull();
    expect(onunlock).not.toHaveBeenCalled();
  });
});

describe('recovery', () => {
  async function openRecovery() {
    const backend = fakeBackend({}, { store: 'demo' });
    const recover = vi.spyOn(backend, 'recover');
    const status = await backend.storeStatus();
    const onunlock = vi.fn();
    render(Unlock, { backend, people: status.people, onunlock });
    const person = status.people[1]?.person_id ?? '';
    await fireEvent.change(screen.getByTestId('unlock-person'), { target: { value: person } });
    await fireEvent.click(screen.getByTestId('unlock-forgot'));
    return { backend, recover, onunlock, person };
  }

  async function fillRecovery(key: string, passphrase: string, again = passphrase): Promise<void> {
    await fireEvent.input(screen.getByTestId('recover-key'), { target: { value: key } });
    await fireEvent.input(screen.getByTestId('recover-passphrase'), { target: { value: passphrase } });
    await fireEvent.input(screen.getByTestId('recover-passphrase-again'), { target: { value: again } });
  }

  it('says a wrong recovery key is wrong, then unlocks with the right one and a new passphrase', async () => {
    const { backend, recover, onunlock, person } = await openRecovery();
    expect((screen.getByTestId('recover-person') as HTMLSelectElement).value).toBe(person);

    await fillRecovery('AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA', 'spring visits 2026');
    await fireEvent.click(screen.getByTestId('recover-submit'));
    expect((await screen.findByTestId('recover-error')).textContent).toContain('恢复密钥不正确');
    expect(recover).toHaveBeenCalledWith('AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA', person, 'spring visits 2026');
    expect(onunlock).not.toHaveBeenCalled();

    await fillRecovery(FAKE_RECOVERY_KEY, 'spring visits 2026');
    await fireEvent.click(screen.getByTestId('recover-submit'));
    await vi.waitFor(() => expect(onunlock).toHaveBeenCalledOnce());
    expect(onunlock.mock.calls[0]?.[0].person.id).toBe(person);

    // The new passphrase replaced the forgotten one.
    await backend.lock();
    await expect(backend.unlock(person, FAKE_PASSPHRASE)).rejects.toMatchObject({ code: 'store.wrong_secret' });
    expect((await backend.unlock(person, 'spring visits 2026')).person.id).toBe(person);
  });

  it('checks the new passphrase twice and by the core’s rule', async () => {
    const { recover, onunlock } = await openRecovery();
    await fillRecovery(FAKE_RECOVERY_KEY, 'spring visits 2026', 'spring visits 2025');
    await fireEvent.click(screen.getByTestId('recover-submit'));
    expect(screen.getByTestId('recover-mismatch').textContent).toContain('不一致');
    expect(recover).not.toHaveBeenCalled();

    recover.mockRejectedValueOnce(errors.passphrase_too_short.error);
    await fillRecovery(FAKE_RECOVERY_KEY, errors.passphrase_too_short.input);
    expect(screen.getByTestId('recover-strength').textContent).toContain('太短');
    await fireEvent.click(screen.getByTestId('recover-submit'));
    expect((await screen.findByTestId('recover-passphrase-error')).textContent).toBe('口令至少需要 8 个字符，请换一个更长的口令。');
    expect(onunlock).not.toHaveBeenCalled();
  });

  it('says it in English too, and goes back to the passphrase', async () => {
    setLocale('en');
    await openRecovery();
    await fillRecovery('not a key', 'spring visits 2026');
    await fireEvent.click(screen.getByTestId('recover-submit'));
    expect((await screen.findByTestId('recover-error')).textContent).toContain('Wrong recovery key');
    await fireEvent.click(screen.getByTestId('recover-back'));
    expect(screen.getByTestId('unlock-passphrase')).toBeTruthy();
    expect(screen.queryByTestId('recover-key')).toBeNull();
  });
});

describe('joining a team', () => {
  const JOIN = { person_name: '林晓岚', role: 'president', device_name: '林校长的笔记本', passphrase: 'autumn visits 2026' } as const;

  /** The app's first run, with "加入团队" chosen. */
  async function joinForm(backend: Backend = fakeBackend()) {
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId('setup-choice-join'));
    await screen.findByTestId('join-form');
    return backend;
  }

  async function fillJoin(passphrase: string, again = passphrase): Promise<void> {
    await fireEvent.input(screen.getByTestId('join-name'), { target: { value: JOIN.person_name } });
    await fireEvent.change(screen.getByTestId('join-role'), { target: { value: JOIN.role } });
    await fireEvent.input(screen.getByTestId('join-device'), { target: { value: JOIN.device_name } });
    await fireEvent.input(screen.getByTestId('join-passphrase'), { target: { value: passphrase } });
    await fireEvent.input(screen.getByTestId('join-passphrase-again'), { target: { value: again } });
  }

  /** A store that asked to join and waits for its welcome, locked, as the app finds it after a restart. */
  async function waitingStore(overrides: Partial<Backend> = {}): Promise<Backend> {
    const backend = fakeBackend(overrides);
    await backend.requestToJoin({ ...JOIN });
    await backend.lock();
    return backend;
  }

  async function unlockWaiting(backend: Backend): Promise<void> {
    render(App, { backend });
    const person = (await screen.findByTestId('unlock-person')) as HTMLSelectElement;
    expect(person.value).not.toBe('');
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: JOIN.passphrase } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
  }

  it('is offered beside creating a store, the laptop named after its person unless named, with the create form’s passphrase rules', async () => {
    const backend = fakeBackend();
    const join = vi.spyOn(backend, 'requestToJoin');
    await joinForm(backend);
    expect(screen.queryByTestId('setup-submit')).toBeNull();
    const device = screen.getByTestId('join-device') as HTMLInputElement;
    expect(device.value).toBe('');
    await fireEvent.input(screen.getByTestId('join-name'), { target: { value: '林晓岚' } });
    expect(device.placeholder).toBe('林晓岚的笔记本');
    join.mockResolvedValueOnce(null);
    await fireEvent.input(screen.getByTestId('join-passphrase'), { target: { value: JOIN.passphrase } });
    await fireEvent.input(screen.getByTestId('join-passphrase-again'), { target: { value: JOIN.passphrase } });
    await fireEvent.click(screen.getByTestId('join-submit'));
    await vi.waitFor(() => expect(join).toHaveBeenCalledWith(expect.objectContaining({ device_name: '林晓岚的笔记本' })));
    join.mockClear();

    await fillJoin('autumn visits 2026', 'autumn visits 2025');
    await fireEvent.click(screen.getByTestId('join-submit'));
    expect(screen.getByTestId('join-mismatch').textContent).toContain('不一致');
    expect(join).not.toHaveBeenCalled();

    join.mockRejectedValueOnce(errors.passphrase_too_short.error);
    await fillJoin(errors.passphrase_too_short.input);
    expect(screen.getByTestId('join-strength').textContent).toContain('太短');
    await fireEvent.click(screen.getByTestId('join-submit'));
    expect((await screen.findByTestId('join-passphrase-error')).textContent).toBe('口令至少需要 8 个字符，请换一个更长的口令。');

    await fireEvent.click(screen.getByTestId('setup-choice-create'));
    expect(screen.getByTestId('setup-submit')).toBeTruthy();
    expect(screen.queryByTestId('join-form')).toBeNull();
  });

  it('asks to join, shows the recovery key once, then the fingerprint to read aloud; the welcome enters the app', async () => {
    const backend = await joinForm();
    const join = vi.spyOn(backend, 'requestToJoin');
    const saveAgain = vi.spyOn(backend, 'saveJoinRequest');
    const welcome = vi.spyOn(backend, 'openWelcome');
    await fillJoin(JOIN.passphrase);
    await fireEvent.click(screen.getByTestId('join-submit'));
    expect(join).toHaveBeenCalledWith(JOIN);

    // The new store's recovery key first, once, until it is said to be saved.
    expect((await screen.findByTestId('recovery-key')).textContent).toBe(FAKE_RECOVERY_KEY);
    const next = screen.getByTestId('recovery-continue') as HTMLButtonElement;
    expect(next.disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('recovery-saved'));
    await fireEvent.click(next);
    expect(screen.queryByTestId('recovery-key')).toBeNull();

    const fingerprint = await screen.findByTestId('waiting-fingerprint');
    expect(fingerprint.textContent?.trim()).toBe(FAKE_FINGERPRINT);
    expect([...fingerprint.querySelectorAll('.group')].map((g) => g.textContent)).toEqual(FAKE_FINGERPRINT.split(' '));
    const page = screen.getByTestId('join-waiting');
    expect(page.textContent).toContain('请与管理员当面或电话核对这串数字');
    expect(screen.getByTestId('waiting-intro').textContent).toBe('林晓岚，本机（林校长的笔记本）已申请加入团队。');
    expect(screen.getByTestId('waiting-steps').textContent).toContain('把加入申请文件（.json）交给团队的管理员');
    expect(screen.getByTestId('waiting-steps').textContent).toContain('点“打开欢迎包”选择它');

    await fireEvent.click(screen.getByTestId('waiting-save'));
    expect(saveAgain).toHaveBeenCalledOnce();
    expect((await screen.findByTestId('waiting-saved')).textContent).toBe('申请文件已保存：/tmp/林晓岚-join-request.json');

    // A cancelled dialog leaves the waiting screen as it was.
    welcome.mockResolvedValueOnce(null);
    await fireEvent.click(screen.getByTestId('waiting-open'));
    await vi.waitFor(() => expect(welcome).toHaveBeenCalledOnce());
    await vi.waitFor(() => expect((screen.getByTestId('waiting-open') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.getByTestId('join-waiting')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('waiting-open'));
    expect(await screen.findByTestId('nav-dashboard')).toBeTruthy();
    expect(screen.getByTestId('page-dashboard')).toBeTruthy();
    expect(screen.queryByTestId('join-waiting')).toBeNull();
  });

  it('makes nothing when the request’s save dialog is cancelled', async () => {
    const backend = await joinForm(fakeBackend({ requestToJoin: () => Promise.resolve(null) }));
    await fillJoin(JOIN.passphrase);
    await fireEvent.click(screen.getByTestId('join-submit'));
    await vi.waitFor(() => expect((screen.getByTestId('join-submit') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.getByTestId('join-form')).toBeTruthy();
    expect(screen.queryByTestId('join-waiting')).toBeNull();
    expect((await backend.storeStatus()).exists).toBe(false);
  });

  it('after unlocking a store that waits, shows the waiting screen again, without the recovery key', async () => {
    const backend = await waitingStore();
    const pending = vi.spyOn(backend, 'pendingJoin');
    await unlockWaiting(backend);

    expect((await screen.findByTestId('waiting-fingerprint')).textContent?.trim()).toBe(FAKE_FINGERPRINT);
    expect(pending).toHaveBeenCalledOnce();
    expect(screen.queryByTestId('recovery-key')).toBeNull();
    expect(screen.queryByTestId('unlock-error')).toBeNull();

    await fireEvent.click(screen.getByTestId('waiting-open'));
    expect(await screen.findByTestId('nav-dashboard')).toBeTruthy();
  });

  it('says why a welcome could not be opened', async () => {
    const other: IpcError = { code: 'team.not_for_this_store', message: 'no', field: null };
    const backend = await waitingStore({ openWelcome: () => Promise.reject(other) });
    await unlockWaiting(backend);
    await fireEvent.click(await screen.findByTestId('waiting-open'));
    expect((await screen.findByTestId('waiting-error')).textContent).toBe('此欢迎文件不是对本机加入申请的答复。');
    expect(screen.getByTestId('join-waiting')).toBeTruthy();
  });

  it('locks from the waiting screen, back to the unlock screen', async () => {
    const backend = await waitingStore();
    const lock = vi.spyOn(backend, 'lock');
    await unlockWaiting(backend);
    await fireEvent.click(await screen.findByTestId('waiting-lock'));
    expect(await screen.findByTestId('unlock-passphrase')).toBeTruthy();
    expect(lock).toHaveBeenCalled();
    expect((await backend.storeStatus()).unlocked).toBe(false);
  });

  it('says it in English too', async () => {
    setLocale('en');
    const backend = await waitingStore();
    await unlockWaiting(backend);
    expect((await screen.findByTestId('join-waiting')).textContent).toContain('Check these digits with the admin, in person or by phone');
    expect(screen.getByTestId('waiting-open').textContent?.trim()).toBe('Open the welcome');
  });
});
