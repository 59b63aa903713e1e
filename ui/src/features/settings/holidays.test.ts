import { fireEvent, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n/index.svelte';
import type { IpcError } from '../../lib/backend';
import { FAKE_OFFICIAL_DAYS } from '../../lib/backend/fake';
import { demo, renderIn } from '../../test/harness';
import Holidays from './Holidays.svelte';

/** The core's refusal of a day without a name (`OfficialDay::validate`). */
const nameMissing: IpcError = { code: 'validation.required', message: 'official_day.name: is required', field: 'official_day.name', retry_after_seconds: null, right: null };

const rows = (): HTMLElement[] => screen.queryAllByTestId('holiday-row');
const row = (date: string): HTMLElement => {
  const found = rows().find((r) => r.dataset.date === date);
  if (!found) throw new Error(`no row for ${date}`);
  return found;
};
const cells = (date: string): string[] => within(row(date)).getAllByRole('cell').map((c) => c.textContent?.trim() ?? '');
const button = (id: string): HTMLButtonElement => screen.getByTestId(id) as HTMLButtonElement;

async function setDay(on: string, type: 'holiday' | 'workday', name: string): Promise<void> {
  await fireEvent.input(screen.getByTestId('holiday-date'), { target: { value: on } });
  await fireEvent.change(screen.getByTestId('holiday-type'), { target: { value: type } });
  await fireEvent.input(screen.getByTestId('holiday-name'), { target: { value: name } });
  await fireEvent.click(button('holiday-save'));
}

afterEach(() => setLocale('zh-CN'));

describe('official holidays in settings', () => {
  it('imports a year from a table, and names the row that stopped a bad one', async () => {
    const { app, backend } = await demo();
    vi.spyOn(backend, 'pickImportFile').mockResolvedValue({ name: '2027年节假日.xlsx', bytes: 2048, format: 'xlsx' });
    const imported = vi.spyOn(backend, 'importOfficialDays').mockResolvedValueOnce(3);
    renderIn(app, Holidays, {});
    await screen.findByTestId('holidays-list');
    await fireEvent.click(button('holiday-import'));
    await vi.waitFor(() => expect(app.toasts.items.map((n) => n.text)).toContain('已从 2027年节假日.xlsx 导入 3 天'));
    expect(imported).toHaveBeenCalledTimes(1);

    const badRow: IpcError = { code: 'exchange.bad_row', message: 'row 4 cannot be read: 类型「请假」', field: null, retry_after_seconds: null, right: null, row: 4 };
    imported.mockRejectedValueOnce(badRow);
    await fireEvent.click(button('holiday-import'));
    expect((await screen.findByTestId('holiday-error')).textContent).toContain('表格第 4 行读不懂');
  });

  it('lists this year’s days, shipped with the app, and says when a year has none', async () => {
    const { app } = await demo();
    renderIn(app, Holidays, {});
    await screen.findByTestId('holidays-list');
    // The demo's "now" is in November 2026.
    expect((screen.getByTestId('holidays-year') as HTMLSelectElement).value).toBe('2026');
    expect(rows().map((r) => r.dataset.date)).toEqual(FAKE_OFFICIAL_DAYS.map((d) => d.on));
    expect(cells('2026-10-01')).toEqual(['2026-10-01 周四', '放假', '国庆节', '内置', '']);
    expect(cells('2026-10-10')).toEqual(['2026-10-10 周六', '调休上班', '国庆节', '内置', '']);
    expect(screen.queryAllByTestId('holiday-remove')).toHaveLength(0);

    await fireEvent.change(screen.getByTestId('holidays-year'), { target: { value: '2027' } });
    expect((await screen.findByTestId('holidays-none')).textContent).toBe('国务院尚未公布或未内置 2027 年安排，可逐日添加');
    expect(screen.queryByTestId('holidays-list')).toBeNull();
  });

  it('lets an admin add a day, change it, and move it to the trash, undoably', async () => {
    const { app, backend } = await demo();
    const set = vi.spyOn(backend, 'setOfficialDay');
    renderIn(app, Holidays, {});
    await screen.findByTestId('holidays-list');
    expect(screen.queryByTestId('holidays-needs')).toBeNull();

    // A day of next year's schedule: the list turns to that year.
    await setDay('2027-01-01', 'holiday', '元旦');
    await vi.waitFor(() => expect(rows().map((r) => r.dataset.date)).toEqual(['2027-01-01']));
    expect(set).toHaveBeenLastCalledWith({ on: '2027-01-01', day_type: 'holiday', name: '元旦' });
    expect((screen.getByTestId('holidays-year') as HTMLSelectElement).value).toBe('2027');
    expect(cells('2027-01-01').slice(0, 4)).toEqual(['2027-01-01 周五', '放假', '元旦', '已添加']);
    expect(app.toasts.items.map((n) => n.text)).toContain('已保存');

    // The same date again is changed, not doubled.
    await setDay('2027-01-01', 'workday', '元旦');
    await vi.waitFor(() => expect(cells('2027-01-01')[1]).toBe('调休上班'));
    expect(rows()).toHaveLength(1);
    const [added] = await backend.officialDays(2027);
    expect(added).toMatchObject({ on: '2027-01-01', day_type: 'workday', added: expect.any(String) });

    await fireEvent.click(within(row('2027-01-01')).getByTestId('holiday-remove'));
    expect(await screen.findByTestId('holidays-none')).toBeTruthy();
    expect(await backend.officialDays(2027)).toEqual([]);
    expect((await backend.trash()).map((e) => [e.kind, e.id])).toContainEqual(['official_day', added!.added]);
    const toast = app.toasts.items.at(-1)!;
    expect(toast.text).toBe('已移到回收站（共 1 条记录）');
    // The app's usual undo brings it back.
    toast.action?.run();
    await vi.waitFor(() => expect(rows().map((r) => r.dataset.date)).toEqual(['2027-01-01']));
    expect(cells('2027-01-01')[3]).toBe('已添加');
  });

  it('lets an admin correct a shipped day, and removing the correction brings the shipped one back', async () => {
    const { app } = await demo();
    renderIn(app, Holidays, {});
    await screen.findByTestId('holidays-list');
    await setDay('2026-10-10', 'holiday', '国庆节');
    await vi.waitFor(() => expect(cells('2026-10-10').slice(1, 4)).toEqual(['放假', '国庆节', '已添加']));
    expect(rows()).toHaveLength(FAKE_OFFICIAL_DAYS.length);

    await fireEvent.click(within(row('2026-10-10')).getByTestId('holiday-remove'));
    await vi.waitFor(() => expect(cells('2026-10-10').slice(1, 4)).toEqual(['调休上班', '国庆节', '内置']));
  });

  it('says what is wrong with a day: a missing date here, the core’s refusal at its field', async () => {
    const { app, backend } = await demo();
    const set = vi.spyOn(backend, 'setOfficialDay').mockRejectedValueOnce(nameMissing);
    renderIn(app, Holidays, {});
    await screen.findByTestId('holidays-list');
    await fireEvent.click(button('holiday-save'));
    expect((await screen.findByTestId('error-official_day.on')).textContent).toBe('此项必须填写。');
    expect(set).not.toHaveBeenCalled();

    await fireEvent.input(screen.getByTestId('holiday-date'), { target: { value: '2027-02-06' } });
    await fireEvent.click(button('holiday-save'));
    expect((await screen.findByTestId('error-official_day.name')).textContent).toBe('此项必须填写。');
    expect(set).toHaveBeenLastCalledWith({ on: '2027-02-06', day_type: 'holiday', name: '' });
    expect(await backend.officialDays(2027)).toEqual([]);
  });

  it('shows anyone else the list, read-only, naming the right', async () => {
    const { app, backend } = await demo({}, {}, '王珊');
    // A day an admin added (the fake does not check rights; the core would refuse her).
    await backend.setOfficialDay({ on: '2026-12-31', day_type: 'holiday', name: '元旦' });
    const set = vi.spyOn(backend, 'setOfficialDay');
    const remove = vi.spyOn(backend, 'deleteRecord');
    renderIn(app, Holidays, {});
    await screen.findByTestId('holidays-list');
    expect(cells('2026-12-31')[3]).toBe('已添加');

    const save = button('holiday-save');
    expect(save.disabled).toBe(true);
    expect(save.title).toBe('需要权限：管理专项行动');
    expect(screen.getByTestId('holidays-needs').textContent).toBe('需要权限：管理专项行动');
    for (const id of ['holiday-date', 'holiday-type', 'holiday-name']) expect(screen.getByTestId(id).matches(':disabled'), id).toBe(true);
    const removeButton = within(row('2026-12-31')).getByTestId('holiday-remove') as HTMLButtonElement;
    expect(removeButton.disabled).toBe(true);
    expect(removeButton.title).toBe('需要权限：管理专项行动');

    // Nothing is sent, whatever is tried.
    await fireEvent.submit(screen.getByTestId('holiday-form'));
    await fireEvent.click(removeButton);
    expect(set).not.toHaveBeenCalled();
    expect(remove).not.toHaveBeenCalled();
    // The year can still be changed.
    await fireEvent.change(screen.getByTestId('holidays-year'), { target: { value: '2027' } });
    expect(await screen.findByTestId('holidays-none')).toBeTruthy();

    setLocale('en');
    await vi.waitFor(() => expect(screen.getByTestId('holidays-needs').textContent).toBe('Needs the right: manage the campaign'));
  });
});
