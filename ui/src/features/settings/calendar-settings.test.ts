import { fireEvent, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n/index.svelte';
import type { IpcError } from '../../lib/backend';
import { demo, renderIn } from '../../test/harness';
import CalendarSettings from './CalendarSettings.svelte';
import Settings from './Settings.svelte';

/** The core's refusal of working hours that end before they start (`calendar::save_preferences`). */
const endsBeforeStart: IpcError = {
  code: 'validation.end_before_start',
  message: 'calendar.work_end: ends before it starts',
  field: 'calendar.work_end',
  retry_after_seconds: null,
  right: null,
};
/** The core's refusal of a repeat-visit window over a year. */
const tooManyDays: IpcError = {
  code: 'validation.out_of_range',
  message: 'calendar.recent_visit_days: must be between 0 and 365',
  field: 'calendar.recent_visit_days',
  retry_after_seconds: null,
  right: null,
};

const offsets = (): string[] => screen.queryAllByTestId('calendar-reminder').map((r) => r.querySelector('span')?.textContent ?? '');
const button = (id: string): HTMLButtonElement => screen.getByTestId(id) as HTMLButtonElement;

afterEach(() => setLocale('zh-CN'));

describe('calendar settings', () => {
  it('shows the saved preferences, and saves the window, reminders and working hours', async () => {
    const { app, backend } = await demo();
    renderIn(app, CalendarSettings, {});
    expect(((await screen.findByTestId('calendar-recent-days')) as HTMLInputElement).value).toBe('30');
    expect(offsets()).toEqual(['1 天前', '1 小时前']);
    expect((screen.getByTestId('calendar-work-start') as HTMLInputElement).value).toBe('08:30');
    expect((screen.getByTestId('calendar-work-end') as HTMLInputElement).value).toBe('17:30');

    await fireEvent.input(screen.getByTestId('calendar-recent-days'), { target: { value: '14' } });
    await fireEvent.click(screen.getAllByTestId('calendar-reminder-remove')[1]!);
    await fireEvent.click(button('calendar-reminder-preset-15'));
    await fireEvent.input(screen.getByTestId('calendar-reminder-custom'), { target: { value: '90' } });
    await fireEvent.click(button('calendar-reminder-add'));
    // Longest first, as the core keeps them; a preset already there is not offered twice.
    expect(offsets()).toEqual(['1 天前', '90 分钟前', '15 分钟前']);
    expect(button('calendar-reminder-preset-1440').disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('calendar-work-end'), { target: { value: '18:00' } });
    await fireEvent.click(button('calendar-settings-save'));

    await vi.waitFor(async () =>
      expect(await backend.calendarPreferences()).toEqual({
        view: 'week',
        recent_visit_days: 14,
        reminder_minutes: [1440, 90, 15],
        work_start: '08:30:00',
        work_end: '18:00:00',
      }),
    );
    expect(app.toasts.items.map((n) => n.text)).toContain('已保存');
  });

  it('shows the core’s refusal at its field, in the user’s language, and keeps what was saved', async () => {
    const { app, backend } = await demo();
    const save = vi.spyOn(backend, 'saveCalendarPreferences').mockRejectedValueOnce(endsBeforeStart).mockRejectedValueOnce(tooManyDays);
    renderIn(app, CalendarSettings, {});
    await fireEvent.input(await screen.findByTestId('calendar-work-end'), { target: { value: '08:00' } });
    await fireEvent.click(button('calendar-settings-save'));
    await vi.waitFor(() => expect(save).toHaveBeenLastCalledWith(expect.objectContaining({ work_start: '08:30:00', work_end: '08:00:00' })));
    expect((await screen.findByTestId('error-calendar.work_end')).textContent).toBe('下班时间须晚于上班时间，请修改。');
    expect((await backend.calendarPreferences()).work_end).toBe('17:30:00');
    expect(app.toasts.items).toEqual([]);

    setLocale('en');
    await fireEvent.input(screen.getByTestId('calendar-work-end'), { target: { value: '17:00' } });
    await fireEvent.input(screen.getByTestId('calendar-recent-days'), { target: { value: '400' } });
    await fireEvent.click(button('calendar-settings-save'));
    expect((await screen.findByTestId('error-calendar.recent_visit_days')).textContent).toBe('Enter a number of days from 0 to 365.');
    expect(screen.queryByTestId('error-calendar.work_end')).toBeNull();
    expect(save).toHaveBeenLastCalledWith(expect.objectContaining({ recent_visit_days: 400, work_end: '17:00:00' }));

    // Nothing refused this time: stored, and said.
    await fireEvent.input(screen.getByTestId('calendar-recent-days'), { target: { value: '60' } });
    await fireEvent.click(button('calendar-settings-save'));
    await vi.waitFor(async () => expect(await backend.calendarPreferences()).toMatchObject({ recent_visit_days: 60, work_end: '17:00:00' }));
    expect(screen.queryByTestId('error-calendar.recent_visit_days')).toBeNull();
    expect(app.toasts.items.map((n) => n.text)).toContain('Saved');
  });

  it('keeps at most five reminders, and says so', async () => {
    const { app, backend } = await demo();
    const save = vi.spyOn(backend, 'saveCalendarPreferences');
    renderIn(app, CalendarSettings, {});
    // No reminder can come 0 minutes before.
    await fireEvent.input(await screen.findByTestId('calendar-reminder-custom'), { target: { value: '0' } });
    await fireEvent.click(button('calendar-reminder-add'));
    expect(screen.getByTestId('calendar-reminder-custom-error').textContent).toBe('最多 5 个提醒，每个提前 1 分钟到 14 天（20160 分钟）。');
    expect(offsets()).toEqual(['1 天前', '1 小时前']);
    await fireEvent.click(screen.getByTestId('calendar-reminder-preset-15'));
    expect(screen.queryByTestId('calendar-reminder-custom-error')).toBeNull();
    for (const minutes of ['30', '120']) {
      await fireEvent.input(screen.getByTestId('calendar-reminder-custom'), { target: { value: minutes } });
      await fireEvent.click(button('calendar-reminder-add'));
    }
    expect(offsets()).toEqual(['1 天前', '2 小时前', '1 小时前', '30 分钟前', '15 分钟前']);
    expect(button('calendar-reminder-add').disabled).toBe(true);
    expect((screen.getByTestId('calendar-reminder-custom') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByTestId('calendar-reminders-note').textContent?.trim()).toBe('已有 5 个提醒，请先删除一个再添加。');

    // None at all is a choice too.
    for (let i = 0; i < 5; i++) await fireEvent.click(screen.getAllByTestId('calendar-reminder-remove')[0]!);
    expect(screen.getByTestId('calendar-reminders-none').textContent).toBe('不提醒');
    await fireEvent.click(button('calendar-settings-save'));
    await vi.waitFor(() => expect(save).toHaveBeenLastCalledWith(expect.objectContaining({ reminder_minutes: [] })));
  });

  it('is on the settings page, for everyone', async () => {
    const { app } = await demo({}, {}, '王珊');
    renderIn(app, Settings, {});
    await screen.findByTestId('settings-calendar');
    expect(button('calendar-settings-save').disabled).toBe(false);
    expect(screen.getByTestId('settings-holidays')).toBeTruthy();
  });
});
