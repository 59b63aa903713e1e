import { fireEvent, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n/index.svelte';
import { errors } from '../../lib/backend/fixtures';
import { demo, renderIn } from '../../test/harness';
import Settings from './Settings.svelte';

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
    expect(setPassphrase).toHaveBeenLastCalledWith(id, 'autumn visits 2026');
    expect((await backend.storeStatus()).people).toContainEqual({ person_id: id, label: '赵立' });
    expect(screen.queryAllByTestId('person-no-slot')).toHaveLength(0);

    await backend.lock();
    expect((await backend.unlock(id, 'autumn visits 2026')).person.name).toBe('赵立');
  });

  it('switches the language', async () => {
    const { app } = await demo();
    renderIn(app, Settings, {});
    await fireEvent.click(await screen.findByRole('button', { name: 'English' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Settings');
  });
});
