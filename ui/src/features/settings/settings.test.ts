import { fireEvent, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n/index.svelte';
import type { IpcError } from '../../lib/backend';
import { FAKE_PASSPHRASE } from '../../lib/backend/fake';
import { errors } from '../../lib/backend/fixtures';
import { demo, renderIn } from '../../test/harness';
import Backups from './Backups.svelte';
import Settings from './Settings.svelte';

const row = (name: string): HTMLElement => {
  const found = screen.getAllByTestId('person-row').find((r) => r.textContent?.includes(name));
  if (!found) throw new Error(`no row for ${name}`);
  return found;
};

afterEach(() => setLocale('zh-CN'));

describe('settings', () => {
  it('saves the auto-lock delay, and shows the core’s range error in words', async () => {
    const { app, backend } = await demo();
    const save = vi.spyOn(backend, 'saveSettings').mockRejectedValueOnce(errors.auto_lock_zero.error);
    renderIn(app, Settings, {});
    const minutes = await screen.findByTestId('settings-autolock');
    await fireEvent.input(minutes, { target: { value: String(errors.auto_lock_zero.input) } });
    await fireEvent.click(screen.getByTestId('settings-save'));
    await vi.waitFor(() => expect(save).toHaveBeenLastCalledWith('江南理工职业技术学院', errors.auto_lock_zero.input));
    expect((await screen.findByTestId('error-settings.auto_lock_minutes')).textContent).toBe('请填写 1 到 240 之间的分钟数。');

    await fireEvent.input(minutes, { target: { value: '5' } });
    await fireEvent.click(screen.getByTestId('settings-save'));
    await vi.waitFor(async () => expect((await backend.settings()).auto_lock_minutes).toBe(5));
    expect(save).toHaveBeenLastCalledWith('江南理工职业技术学院', 5);
  });

  it('saves the school code, and shows the core’s refusal at the field in the user’s language', async () => {
    const refused = (code: IpcError['code']): IpcError => ({ code, message: 'settings.school_code: refused', field: 'settings.school_code' });
    const { app, backend } = await demo();
    const saveCode = vi
      .spyOn(backend, 'saveSchoolCode')
      .mockRejectedValueOnce(refused('validation.too_short'))
      .mockRejectedValueOnce(refused('validation.forbidden_character'));
    const saveSettings = vi.spyOn(backend, 'saveSettings');
    renderIn(app, Settings, {});
    const code = (await screen.findByTestId('settings-school-code')) as HTMLInputElement;
    expect(code.value).toBe('');
    expect(code.disabled).toBe(false);

    // Refused: said under the field, and nothing else is saved.
    await fireEvent.input(code, { target: { value: '413201029' } });
    await fireEvent.click(screen.getByTestId('settings-save'));
    await vi.waitFor(() => expect(saveCode).toHaveBeenLastCalledWith('413201029'));
    expect((await screen.findByTestId('error-settings.school_code')).textContent).toBe('学校标识码应为 10 位数字，现在不足 10 位，请核对。');
    expect(saveSettings).not.toHaveBeenCalled();
    expect(code.getAttribute('aria-invalid')).toBe('true');

    setLocale('en');
    await fireEvent.input(code, { target: { value: '41320102X5' } });
    await fireEvent.click(screen.getByTestId('settings-save'));
    await vi.waitFor(() => expect(screen.getByTestId('error-settings.school_code').textContent).toBe('The school code is digits only. Please check it.'));

    await fireEvent.input(code, { target: { value: ' 4132010295 ' } });
    await fireEvent.click(screen.getByTestId('settings-save'));
    await vi.waitFor(async () => expect((await backend.settings()).school_code).toBe('4132010295'));
    expect(saveCode).toHaveBeenLastCalledWith(' 4132010295 ');
    await vi.waitFor(() => expect(code.value).toBe('4132010295'));
    expect(screen.queryByTestId('error-settings.school_code')).toBeNull();
    expect(saveSettings).toHaveBeenCalledOnce();

    // Unchanged, it is not sent again.
    await fireEvent.click(screen.getByTestId('settings-save'));
    await vi.waitFor(() => expect(saveSettings).toHaveBeenCalledTimes(2));
    expect(saveCode).toHaveBeenCalledTimes(3);
  });

  it('changes the campaign’s window and targets', async () => {
    const { input, error } = errors.campaign_ends_before_start;
    const { app, backend } = await demo();
    const save = vi.spyOn(backend, 'saveCampaign').mockRejectedValueOnce(error);
    renderIn(app, Settings, {});
    await fireEvent.input(await screen.findByTestId('campaign-end'), { target: { value: input.ends_on } });
    await fireEvent.click(screen.getByTestId('campaign-save'));
    await vi.waitFor(() => expect(save).toHaveBeenLastCalledWith(app.session.campaign.id, expect.objectContaining({ ends_on: input.ends_on })));
    expect((await screen.findByTestId('error-campaign.ends_on')).textContent).toBe('结束时间早于开始时间，请修改。');

    await fireEvent.input(screen.getByTestId('campaign-end'), { target: { value: '2030-08-31' } });
    await fireEvent.input(screen.getByTestId('campaign-target-new'), { target: { value: '120' } });
    await fireEvent.click(screen.getByTestId('campaign-save'));
    await vi.waitFor(async () => expect((await backend.settings()).campaign).toMatchObject({ ends_on: '2030-08-31', target_new_employers: 120 }));
  });

  it('adds a person and edits one', async () => {
    const { app, backend } = await demo();
    renderIn(app, Settings, {});
    await fireEvent.click(await screen.findByTestId('person-add'));
    await fireEvent.input(screen.getByTestId('person-name'), { target: { value: '赵立' } });
    await fireEvent.change(screen.getByTestId('person-role'), { target: { value: 'teacher' } });
    await fireEvent.input(screen.getByTestId('person-title'), { target: { value: '辅导员' } });
    await fireEvent.click(screen.getByTestId('person-save'));
    await vi.waitFor(() => expect(screen.getAllByTestId('person-row')).toHaveLength(5));
    expect(screen.getAllByTestId('person-row')[4]?.textContent).toContain('教师');

    const save = vi.spyOn(backend, 'savePerson').mockRejectedValueOnce(errors.person_phone.error);
    await fireEvent.click(within(screen.getAllByTestId('person-row')[4] as HTMLElement).getByTestId('person-edit'));
    await fireEvent.input(screen.getByTestId('person-phone'), { target: { value: errors.person_phone.input.phone } });
    await fireEvent.click(screen.getByTestId('person-save'));
    await vi.waitFor(() => expect(save).toHaveBeenLastCalledWith(expect.any(String), expect.objectContaining({ phone: errors.person_phone.input.phone })));
    expect(await screen.findByText(/电话号码格式不对/)).toBeTruthy();
  });

  it('sets a passphrase for a person added later, so they can unlock', async () => {
    const { app, backend } = await demo();
    const setPassphrase = vi.spyOn(backend, 'setPassphrase').mockRejectedValueOnce(errors.passphrase_too_short.error);
    renderIn(app, Settings, {});
    await fireEvent.click(await screen.findByTestId('person-add'));
    await fireEvent.input(screen.getByTestId('person-name'), { target: { value: '赵立' } });
    await fireEvent.click(screen.getByTestId('person-save'));
    await vi.waitFor(() => expect(screen.getAllByTestId('person-row')).toHaveLength(5));
    // Only the new person has no key slot yet.
    const row = (): HTMLElement => screen.getAllByTestId('person-row')[4] as HTMLElement;
    expect(screen.getAllByTestId('person-no-slot')).toHaveLength(1);
    expect(within(row()).getByTestId('person-no-slot').textContent).toBe('尚未设置口令');
    const id = (await backend.listPeople()).find((p) => p.name === '赵立')?.id ?? '';
    expect((await backend.storeStatus()).people.map((p) => p.person_id)).not.toContain(id);

    await fireEvent.click(within(row()).getByTestId('person-set-passphrase'));
    // Someone else's passphrase: the admin retypes their own.
    expect(screen.getByLabelText('你的口令')).toBe(screen.getByTestId('person-mine'));
    await fireEvent.input(screen.getByTestId('person-mine'), { target: { value: FAKE_PASSPHRASE } });
    const short = errors.passphrase_too_short.input;
    await fireEvent.input(screen.getByTestId('person-passphrase'), { target: { value: short } });
    await fireEvent.input(screen.getByTestId('person-passphrase-again'), { target: { value: short } });
    expect(screen.getByTestId('person-strength').textContent).toContain('太短');
    await fireEvent.click(screen.getByTestId('person-passphrase-save'));
    expect((await screen.findByTestId('person-passphrase-error')).textContent).toBe('口令至少需要 8 个字符，请换一个更长的口令。');

    await fireEvent.input(screen.getByTestId('person-passphrase'), { target: { value: 'autumn visits 2026' } });
    await fireEvent.click(screen.getByTestId('person-passphrase-save'));
    expect(screen.getByTestId('person-mismatch').textContent).toContain('不一致');
    expect(setPassphrase).toHaveBeenCalledTimes(1);

    await fireEvent.input(screen.getByTestId('person-passphrase-again'), { target: { value: 'autumn visits 2026' } });
    await fireEvent.click(screen.getByTestId('person-passphrase-save'));
    await vi.waitFor(() => expect(screen.queryByTestId('person-passphrase')).toBeNull());
    expect(setPassphrase).toHaveBeenLastCalledWith(id, 'autumn visits 2026', FAKE_PASSPHRASE);
    expect((await backend.storeStatus()).people).toContainEqual({ person_id: id, label: '赵立' });
    expect(screen.queryAllByTestId('person-no-slot')).toHaveLength(0);

    await backend.lock();
    expect((await backend.unlock(id, 'autumn visits 2026')).person.name).toBe('赵立');
  });

  it('says a mistyped own passphrase at its field, and sends nothing else wrong', async () => {
    const { app, backend } = await demo();
    const setPassphrase = vi.spyOn(backend, 'setPassphrase');
    renderIn(app, Settings, {});
    await screen.findAllByTestId('person-row');
    await fireEvent.click(within(row('王珊')).getByTestId('person-set-passphrase'));
    await fireEvent.input(screen.getByTestId('person-mine'), { target: { value: 'not mine' } });
    await fireEvent.input(screen.getByTestId('person-passphrase'), { target: { value: 'spring visits 2027' } });
    await fireEvent.input(screen.getByTestId('person-passphrase-again'), { target: { value: 'spring visits 2027' } });
    await fireEvent.click(screen.getByTestId('person-passphrase-save'));
    expect((await screen.findByTestId('person-mine-error')).textContent).toContain('口令不正确');
    expect(setPassphrase).toHaveBeenLastCalledWith(expect.any(String), 'spring visits 2027', 'not mine');
    expect((screen.getByTestId('person-mine') as HTMLInputElement).value).toBe('');
  });

  it('shows each person’s access, and gives a new one the access of their position', async () => {
    const { app, backend } = await demo();
    const save = vi.spyOn(backend, 'savePerson');
    renderIn(app, Settings, {});
    await screen.findAllByTestId('person-row');
    expect(screen.getByTestId('people-list').querySelector('thead')?.textContent).toContain('权限');
    const access = (name: string): string => within(row(name)).getByTestId('person-access-cell').textContent?.trim() ?? '';
    expect(access('周明远')).toBe('管理员');
    expect(access('林晓岚')).toBe('校领导');
    expect(access('王珊')).toBe('助理');

    await fireEvent.click(screen.getByTestId('person-add'));
    const select = screen.getByTestId('person-access') as HTMLSelectElement;
    expect(select.value).toBe('leader');
    expect(screen.queryByTestId('person-assists')).toBeNull();
    await fireEvent.input(screen.getByTestId('person-name'), { target: { value: '赵立' } });
    await fireEvent.change(screen.getByTestId('person-role'), { target: { value: 'staff' } });
    expect(select.value).toBe('assistant');
    // An assistant picks the leaders they assist, among the leaders.
    const assists = screen.getByTestId('person-assists');
    expect(assists.textContent).toContain('林晓岚');
    expect(assists.textContent).not.toContain('王珊');
    const lin = (await backend.listPeople()).find((p) => p.name === '林晓岚')!;
    await fireEvent.click(screen.getByTestId(`person-assists-${lin.id}`));
    await fireEvent.input(screen.getByTestId('person-college'), { target: { value: '机电学院' } });
    await fireEvent.click(screen.getByTestId('person-save'));
    await vi.waitFor(() => expect(screen.getAllByTestId('person-row')).toHaveLength(5));
    expect(save).toHaveBeenLastCalledWith(null, expect.objectContaining({ name: '赵立', role: 'staff', access: 'assistant', assists: [lin.id], college: '机电学院' }));
    expect(access('赵立')).toContain('林晓岚');

    // A chosen access stays when the position changes.
    await fireEvent.click(within(row('赵立')).getByTestId('person-edit'));
    await fireEvent.change(screen.getByTestId('person-access'), { target: { value: 'college' } });
    await fireEvent.change(screen.getByTestId('person-role'), { target: { value: 'leader' } });
    expect((screen.getByTestId('person-access') as HTMLSelectElement).value).toBe('college');
    await fireEvent.click(screen.getByTestId('person-save'));
    await vi.waitFor(() => expect(save).toHaveBeenLastCalledWith(expect.any(String), expect.objectContaining({ access: 'college', assists: [] })));
  });

  it('shows an assistant everything, but disables what needs an admin, naming the right', async () => {
    const { app, backend } = await demo({}, {}, '王珊');
    await backend.backupNow();
    renderIn(app, Settings, {});
    await screen.findAllByTestId('person-row');
    expect(screen.getAllByTestId('person-row')).toHaveLength(4);
    expect(within(row('周明远')).getByTestId('person-access-cell').textContent).toContain('管理员');

    const add = screen.getByTestId('person-add') as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    expect(add.title).toBe('需要权限：管理人员');
    expect(screen.getByTestId('people-needs').textContent).toBe('需要权限：管理人员');
    for (const name of ['周明远', '王珊']) {
      for (const id of ['person-edit', 'person-remove']) {
        const button = within(row(name)).getByTestId(id) as HTMLButtonElement;
        expect(button.disabled, `${name} ${id}`).toBe(true);
        expect(button.title).toBe('需要权限：管理人员');
      }
    }
    // Someone else's passphrase needs the right; one's own does not.
    expect((within(row('周明远')).getByTestId('person-set-passphrase') as HTMLButtonElement).disabled).toBe(true);
    expect((within(row('王珊')).getByTestId('person-set-passphrase') as HTMLButtonElement).disabled).toBe(false);

    const save = screen.getByTestId('settings-save') as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    expect(screen.getByTestId('settings-needs').textContent).toBe('需要权限：管理专项行动');
    expect((screen.getByTestId('settings-autolock') as HTMLInputElement).disabled).toBe(true);
    // The school code is shown, not editable, with the right it needs.
    const code = screen.getByTestId('settings-school-code') as HTMLInputElement;
    expect(code.disabled).toBe(true);
    expect(document.getElementById('set-school-code-hint')?.textContent).toBe('需要权限：管理专项行动');
    expect((screen.getByTestId('campaign-save') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('campaign-end') as HTMLInputElement).matches(':disabled')).toBe(true);

    const restore = (await screen.findByTestId('backup-restore')) as HTMLButtonElement;
    expect(restore.disabled).toBe(true);
    expect(restore.title).toBe('需要权限：管理人员');
    expect(screen.getByTestId('backups-needs').textContent).toBe('需要权限：管理人员');
    // Anyone may still make a backup, and switch the language.
    expect((screen.getByTestId('backup-now') as HTMLButtonElement).disabled).toBe(false);
    await fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(add.title).toBe('Needs the right: manage people');
  });

  it('lets an admin restore a backup', async () => {
    const { app, backend } = await demo();
    await backend.backupNow();
    renderIn(app, Backups, {});
    expect(((await screen.findByTestId('backup-restore')) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByTestId('backups-needs')).toBeNull();
  });

  it('changes one’s own passphrase with the current one', async () => {
    const { app, backend } = await demo({}, {}, '王珊');
    const setPassphrase = vi.spyOn(backend, 'setPassphrase');
    renderIn(app, Settings, {});
    await screen.findAllByTestId('person-row');
    await fireEvent.click(within(row('王珊')).getByTestId('person-set-passphrase'));
    expect(screen.getByLabelText('当前口令')).toBe(screen.getByTestId('person-mine'));
    expect(screen.getByRole('heading', { level: 3 }).textContent?.trim()).toBe('修改我的口令');
    await fireEvent.input(screen.getByTestId('person-mine'), { target: { value: FAKE_PASSPHRASE } });
    await fireEvent.input(screen.getByTestId('person-passphrase'), { target: { value: 'spring visits 2027' } });
    await fireEvent.input(screen.getByTestId('person-passphrase-again'), { target: { value: 'spring visits 2027' } });
    await fireEvent.click(screen.getByTestId('person-passphrase-save'));
    await vi.waitFor(() => expect(screen.queryByTestId('person-passphrase')).toBeNull());
    expect(setPassphrase).toHaveBeenCalledWith(app.session.person.id, 'spring visits 2027', FAKE_PASSPHRASE);
  });

  it('removes a person only once confirmed, saying their passphrase stops opening the store and backups', async () => {
    const { app, backend } = await demo();
    const remove = vi.spyOn(backend, 'removePerson');
    renderIn(app, Settings, {});
    await screen.findAllByTestId('person-row');
    await fireEvent.click(within(row('陈立新')).getByTestId('person-remove'));
    const explain = screen.getByTestId('person-remove-explain').textContent ?? '';
    expect(explain).toContain('陈立新');
    expect(explain).toContain('不能再解锁数据库');
    expect(explain).toContain('任何已保存的备份');
    expect(remove).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('person-remove-cancel'));
    expect(screen.queryByTestId('person-remove-confirm')).toBeNull();
    expect(remove).not.toHaveBeenCalled();

    await fireEvent.click(within(row('陈立新')).getByTestId('person-remove'));
    await fireEvent.click(screen.getByTestId('person-remove-submit'));
    await vi.waitFor(() => expect(screen.getAllByTestId('person-row')).toHaveLength(3));
    expect(remove).toHaveBeenCalledTimes(1);
    expect((await backend.storeStatus()).people.map((p) => p.label)).not.toContain('陈立新');
  });

  it('says why the core keeps the last admin', async () => {
    const lastAdmin: IpcError = { code: 'access.last_admin', message: 'the store must keep at least one admin', field: null, right: null };
    const { app, backend } = await demo({ removePerson: () => Promise.reject(lastAdmin) });
    renderIn(app, Settings, {});
    await screen.findAllByTestId('person-row');
    await fireEvent.click(within(row('周明远')).getByTestId('person-remove'));
    await fireEvent.click(screen.getByTestId('person-remove-submit'));
    expect((await screen.findByTestId('person-remove-error')).textContent).toContain('至少保留一名管理员');
    expect((await backend.listPeople()).map((p) => p.name)).toContain('周明远');
  });

  it('switches the language', async () => {
    const { app } = await demo();
    renderIn(app, Settings, {});
    await fireEvent.click(await screen.findByRole('button', { name: 'English' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Settings');
  });
});
