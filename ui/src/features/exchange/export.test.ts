import { fireEvent, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Backend, IpcError } from '../../lib/backend';
import { demo, renderIn } from '../../test/harness';
import TripPanel from '../calendar/TripPanel.svelte';
import Dashboard from '../dashboard/Dashboard.svelte';

/** A promise the test settles when it wants, to look at the button while the work runs. */
function later<T>(): { promise: Promise<T>; settle: (v: T) => void } {
  let settle: (v: T) => void = () => {};
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

describe('exports on the dashboard', () => {
  it('saves the ledger workbook with the suggested name, busy until it is written, and says where', async () => {
    const { app, backend } = await demo();
    const done = later<string | null>();
    const exportLedger = vi.spyOn(backend, 'exportLedger').mockReturnValue(done.promise);
    renderIn(app, Dashboard, {});
    const button = (await screen.findByTestId('dash-export-ledger')) as HTMLButtonElement;
    expect(button.textContent?.trim()).toBe('台账 Excel');
    await fireEvent.click(button);
    // The whole campaign unless another period is chosen.
    await vi.waitFor(() => expect(exportLedger).toHaveBeenCalledWith('访企拓岗工作台账.xlsx', 'ledger', null));
    expect(button.disabled).toBe(true);
    expect(button.textContent?.trim()).toBe('正在导出…');
    done.settle('/home/me/台账.xlsx');
    await vi.waitFor(() => expect(button.disabled).toBe(false));
    expect(app.toasts.items.map((t) => t.text)).toEqual(['已导出：/home/me/台账.xlsx']);
  });

  it('writes the CSV files into the chosen folder, and says nothing when the dialog is cancelled', async () => {
    const { app, backend } = await demo();
    const csv = vi.spyOn(backend, 'exportLedgerCsv').mockResolvedValueOnce(null);
    renderIn(app, Dashboard, {});
    const button = await screen.findByTestId('dash-export-csv');
    await fireEvent.click(button);
    await vi.waitFor(() => expect(csv).toHaveBeenCalledOnce());
    expect(csv).toHaveBeenCalledWith('ledger', null);
    expect(app.toasts.items).toHaveLength(0);
    await fireEvent.click(button);
    await vi.waitFor(() => expect(app.toasts.items.map((t) => t.text)).toEqual(['CSV 文件已导出到文件夹：/tmp/台账']));
  });

  it('saves a leader’s planned visits as a calendar, and a failure says what to do', async () => {
    const { app, backend } = await demo();
    const ics = vi
      .spyOn(backend, 'exportCalendar')
      .mockRejectedValueOnce({ code: 'exchange.write', message: 'EACCES', field: null });
    renderIn(app, Dashboard, {});
    const [secretary] = await screen.findAllByTestId('dash-leader');
    await fireEvent.click(within(secretary as HTMLElement).getByTestId('dash-leader-ics'));
    await vi.waitFor(() => expect(app.toasts.items).toHaveLength(1));
    expect(ics).toHaveBeenCalledWith({ kind: 'person', person_id: secretary?.dataset.person }, '走访计划-周明远.ics');
    expect(app.toasts.items[0]).toMatchObject({ tone: 'error', text: expect.stringContaining('请换一个保存位置') });
  });
});

/** A refusal as the core words it, on `field`. */
const refusal = (code: IpcError['code'], field: string): IpcError => ({ code, message: `${field}: refused`, field });

describe('the export period', () => {
  // The demo's "now" is Wednesday 18 November 2026, 10:00 in the campaign's zone (Asia/Shanghai).
  it('exports this week, Monday to Sunday, and this month, and says which days', async () => {
    const { app, backend } = await demo();
    const xlsx = vi.spyOn(backend, 'exportLedger');
    const csv = vi.spyOn(backend, 'exportLedgerCsv');
    renderIn(app, Dashboard, {});
    const range = await screen.findByTestId('export-range');
    expect((screen.getByTestId('export-period-whole') as HTMLInputElement).checked).toBe(true);
    expect(range.textContent).toBe('2026-09-01 至 2027-02-28');

    await fireEvent.click(screen.getByTestId('export-period-week'));
    expect(screen.getByTestId('export-range').textContent).toBe('2026-11-16 至 2026-11-22');
    await fireEvent.click(screen.getByTestId('dash-export-ledger'));
    await vi.waitFor(() =>
      expect(xlsx).toHaveBeenLastCalledWith('访企拓岗工作台账-2026-11-16至2026-11-22.xlsx', 'ledger', { from: '2026-11-16', to: '2026-11-22' }),
    );

    await fireEvent.click(screen.getByTestId('export-period-month'));
    expect(screen.getByTestId('export-range').textContent).toBe('2026-11-01 至 2026-11-30');
    await fireEvent.click(screen.getByTestId('dash-export-csv'));
    await vi.waitFor(() => expect(csv).toHaveBeenLastCalledWith('ledger', { from: '2026-11-01', to: '2026-11-30' }));

    await fireEvent.click(screen.getByTestId('export-period-whole'));
    await fireEvent.click(screen.getByTestId('dash-export-csv'));
    await vi.waitFor(() => expect(csv).toHaveBeenLastCalledWith('ledger', null));
  });

  it('takes the week and the month in the campaign’s zone, as of the click', async () => {
    const { app, backend } = await demo();
    const csv = vi.spyOn(backend, 'exportLedgerCsv');
    renderIn(app, Dashboard, {});
    await fireEvent.click(await screen.findByTestId('export-period-week'));
    // Sunday 30 November 2026 17:00 UTC is already Monday 1 December in Shanghai.
    vi.setSystemTime('2026-11-30T17:00:00Z');
    await fireEvent.click(screen.getByTestId('dash-export-csv'));
    await vi.waitFor(() => expect(csv).toHaveBeenLastCalledWith('ledger', { from: '2026-11-30', to: '2026-12-06' }));
    await fireEvent.click(screen.getByTestId('export-period-month'));
    await fireEvent.click(screen.getByTestId('dash-export-csv'));
    await vi.waitFor(() => expect(csv).toHaveBeenLastCalledWith('ledger', { from: '2026-12-01', to: '2026-12-31' }));
  });

  it('exports the days chosen, the summary PDF included, and says at the fields what is missing or wrong', async () => {
    const { app, backend } = await demo();
    const xlsx = vi.spyOn(backend, 'exportLedger').mockRejectedValueOnce(refusal('validation.end_before_start', 'period.to'));
    const pdf = vi.spyOn(backend, 'saveReport');
    renderIn(app, Dashboard, {});
    await fireEvent.click(await screen.findByTestId('export-period-custom'));
    expect(screen.queryByTestId('export-range')).toBeNull();

    // A day missing: said at its field, and nothing is sent.
    await fireEvent.input(screen.getByTestId('export-from'), { target: { value: '2026-10-08' } });
    await fireEvent.click(screen.getByTestId('dash-export-standard'));
    expect((await screen.findByTestId('error-period.to')).textContent).toBe('请选择结束日期。');
    expect(xlsx).not.toHaveBeenCalled();

    // The core refuses an end before the start: said at the field, not in a toast.
    await fireEvent.input(screen.getByTestId('export-to'), { target: { value: '2026-10-01' } });
    expect(screen.queryByTestId('error-period.to')).toBeNull();
    await fireEvent.click(screen.getByTestId('dash-export-standard'));
    await vi.waitFor(() => expect(xlsx).toHaveBeenCalledWith('访企拓岗数据-2026-10-08至2026-10-01.xlsx', 'standard', { from: '2026-10-08', to: '2026-10-01' }));
    expect((await screen.findByTestId('error-period.to')).textContent).toBe('结束日期早于开始日期，请修改。');
    expect(app.toasts.items).toHaveLength(0);

    await fireEvent.input(screen.getByTestId('export-to'), { target: { value: '2026-10-31' } });
    await fireEvent.click(screen.getByTestId('dash-export-standard'));
    await vi.waitFor(() => expect(xlsx).toHaveBeenLastCalledWith('访企拓岗数据-2026-10-08至2026-10-31.xlsx', 'standard', { from: '2026-10-08', to: '2026-10-31' }));
    await fireEvent.click(screen.getByTestId('dash-summary'));
    await vi.waitFor(() =>
      expect(pdf).toHaveBeenCalledWith({ kind: 'summary', from: '2026-10-08', to: '2026-10-31' }, '工作简报-2026-10-08至2026-10-31.pdf', expect.any(Function)),
    );
    await vi.waitFor(() => expect(app.toasts.items.map((t) => t.text)).toContain('已保存并打开：/tmp/工作简报-2026-10-08至2026-10-31.pdf'));
  });

  it('makes the summary PDF of the whole campaign by default', async () => {
    const { app, backend } = await demo();
    const pdf = vi.spyOn(backend, 'saveReport');
    renderIn(app, Dashboard, {});
    await fireEvent.click(await screen.findByTestId('dash-summary'));
    await vi.waitFor(() => expect(pdf).toHaveBeenCalledWith({ kind: 'summary', from: null, to: null }, '工作简报.pdf', expect.any(Function)));
  });
});

describe('the summary’s 典型案例 page', () => {
  /** Writes `text` as the 典型案例 of the demo visit to `employer`, and returns its id. */
  async function exemplary(backend: Backend, employer: string, text: string): Promise<string> {
    const row = (await backend.visitsBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')).find((r) => r.employer_name === employer);
    if (!row) throw new Error(`no visit to ${employer}`);
    const { id, audit: _audit, ...visit } = row.visit;
    await backend.saveVisit(id, { ...visit, outcome: { ...visit.outcome, exemplary: text } });
    return id;
  }
  const options = (): string[] =>
    [...(screen.getByTestId('export-case') as HTMLSelectElement).options].map((o) => o.textContent?.trim() ?? '');

  it('offers none while no visit has a 典型案例 written, and sends none', async () => {
    const { app, backend } = await demo();
    const pdf = vi.spyOn(backend, 'saveReport');
    renderIn(app, Dashboard, {});
    const select = (await screen.findByTestId('export-case')) as HTMLSelectElement;
    await vi.waitFor(() => expect(screen.getByText('在走访的「典型案例」中填写内容后可选')).toBeTruthy());
    expect(select.disabled).toBe(true);
    expect(options()).toEqual(['不附典型案例页']);
    await fireEvent.click(screen.getByTestId('dash-summary'));
    await vi.waitFor(() => expect(pdf).toHaveBeenCalledOnce());
    expect(pdf.mock.calls[0]?.[0]).toEqual({ kind: 'summary', from: null, to: null });
  });

  it('offers the period’s completed visits with a 典型案例, newest first, and sends the one chosen', async () => {
    const { app, backend } = await demo();
    const october = await exemplary(backend, '苏州澜海智能装备有限公司', '校企共建智能装备订单班。');
    const november = await exemplary(backend, '常州恒瑞医疗器械有限公司', '医疗器械实习基地挂牌。');
    // A planned visit is not a case yet, whatever it says.
    await exemplary(backend, '杭州禾木供应链管理有限公司', '尚未走访。');
    const pdf = vi.spyOn(backend, 'saveReport');
    renderIn(app, Dashboard, {});
    const select = (await screen.findByTestId('export-case')) as HTMLSelectElement;
    await vi.waitFor(() => expect(select.disabled).toBe(false));
    expect(options()).toEqual(['不附典型案例页', '2026-11-12 · 常州恒瑞医疗器械有限公司 · 陈立新', '2026-10-19 · 苏州澜海智能装备有限公司 · 周明远']);
    expect(screen.queryByText('在走访的「典型案例」中填写内容后可选')).toBeNull();

    // By default the summary has no 典型案例 page.
    await fireEvent.click(screen.getByTestId('dash-summary'));
    await vi.waitFor(() => expect(pdf).toHaveBeenCalledTimes(1));
    expect(pdf.mock.calls[0]?.[0]).toEqual({ kind: 'summary', from: null, to: null });

    await fireEvent.change(select, { target: { value: october } });
    await fireEvent.click(screen.getByTestId('dash-summary'));
    await vi.waitFor(() => expect(pdf).toHaveBeenCalledTimes(2));
    expect(pdf.mock.calls[1]?.[0]).toEqual({ kind: 'summary', from: null, to: null, case_visit_id: october });

    // This month holds only the November visit: the October one is chosen no more.
    await fireEvent.click(screen.getByTestId('export-period-month'));
    await vi.waitFor(() => expect(options()).toEqual(['不附典型案例页', '2026-11-12 · 常州恒瑞医疗器械有限公司 · 陈立新']));
    expect(select.value).toBe('');
    await fireEvent.click(screen.getByTestId('dash-summary'));
    await vi.waitFor(() => expect(pdf).toHaveBeenCalledTimes(3));
    expect(pdf.mock.calls[2]?.[0]).toEqual({ kind: 'summary', from: '2026-11-01', to: '2026-11-30' });
    await fireEvent.change(select, { target: { value: november } });
    await fireEvent.click(screen.getByTestId('dash-summary'));
    await vi.waitFor(() => expect(pdf).toHaveBeenCalledTimes(4));
    expect(pdf.mock.calls[3]?.[0]).toEqual({ kind: 'summary', from: '2026-11-01', to: '2026-11-30', case_visit_id: november });
  });

  it('says when only the newest of the period’s cases are listed', async () => {
    const { app, backend } = await demo();
    const id = await exemplary(backend, '苏州澜海智能装备有限公司', '校企共建智能装备订单班。');
    const newest = (await backend.summaryCases('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')).newest;
    // The core lists the newest 200; a campaign with more is the large store's, not the demo's.
    vi.spyOn(backend, 'summaryCases').mockResolvedValue({ newest, total: 1_250 });
    renderIn(app, Dashboard, {});
    await vi.waitFor(() => expect(screen.getByText('共 1250 个，列出最近的 1 个；选择更短的时间段可找到更早的案例')).toBeTruthy());
    expect(options()).toEqual(['不附典型案例页', '2026-10-19 · 苏州澜海智能装备有限公司 · 周明远']);
    expect((screen.getByTestId('export-case') as HTMLSelectElement).getAttribute('aria-describedby')).toBe('export-case-hint');
    expect(newest.map((c) => c.id)).toEqual([id]);
  });
});

describe('the data standard’s table', () => {
  it('exports as Excel and as CSV with the book `standard`', async () => {
    const { app, backend } = await demo();
    const xlsx = vi.spyOn(backend, 'exportLedger');
    const csv = vi.spyOn(backend, 'exportLedgerCsv');
    renderIn(app, Dashboard, {});
    const button = await screen.findByTestId('dash-export-standard');
    expect(button.textContent?.trim()).toBe('访企拓岗数据表 Excel');
    await fireEvent.click(button);
    await vi.waitFor(() => expect(app.toasts.items.map((t) => t.text)).toEqual(['已导出：/tmp/访企拓岗数据.xlsx']));
    expect(xlsx).toHaveBeenCalledWith('访企拓岗数据.xlsx', 'standard', null);
    await fireEvent.click(screen.getByTestId('dash-export-standard-csv'));
    await vi.waitFor(() => expect(csv).toHaveBeenCalledWith('standard', null));
    await vi.waitFor(() => expect(app.toasts.items.map((t) => t.text)).toContain('CSV 文件已导出到文件夹：/tmp/访企拓岗数据'));
  });

  it('says when the school code is not set, leads to Settings, and still exports', async () => {
    const { app, backend } = await demo();
    const xlsx = vi.spyOn(backend, 'exportLedger');
    renderIn(app, Dashboard, {});
    const note = await screen.findByTestId('export-no-school-code');
    expect(note.textContent).toContain('尚未填写学校标识码');
    await fireEvent.click(screen.getByTestId('dash-export-standard'));
    await vi.waitFor(() => expect(xlsx).toHaveBeenCalledWith('访企拓岗数据.xlsx', 'standard', null));
    await fireEvent.click(screen.getByTestId('export-school-code-link'));
    expect(app.router.route).toEqual({ name: 'settings' });
  });

  it('says nothing of the school code once it is set', async () => {
    const { app, backend } = await demo();
    await backend.saveSchoolCode('4132010295');
    const settings = vi.spyOn(backend, 'settings');
    renderIn(app, Dashboard, {});
    await screen.findByTestId('dash-export-standard');
    await vi.waitFor(() => expect(settings).toHaveBeenCalled());
    await settings.mock.results[0]?.value;
    // The answer is in, and shown.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
    expect(screen.queryByTestId('export-no-school-code')).toBeNull();
  });
});

describe('the trip panel', () => {
  it('saves the trip’s planned visits as a calendar', async () => {
    const { app, backend } = await demo();
    const lead = app.session.person.id;
    const mine = (await backend.visitsBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')).filter((r) => r.visit.lead_id === lead).slice(0, 1);
    const trip = await backend.buildTrip({ leader_id: lead, title: '苏锡行', starts_on: '2026-01-01', ends_on: '2026-01-01', notes: '' }, [
      { visit_id: mine[0]?.visit.id ?? '', travel_note: '' },
    ]);
    const ics = vi.spyOn(backend, 'exportCalendar');
    renderIn(app, TripPanel, { tripId: trip.trip.id, selection: [], zone: 'Asia/Shanghai', people: await backend.listPeople(), onsaved: () => {}, onclose: () => {} });
    await fireEvent.click(await screen.findByTestId('trip-ics'));
    await vi.waitFor(() => expect(app.toasts.items.map((t) => t.text)).toEqual(['已导出：/tmp/走访计划-苏锡行.ics']));
    expect(ics).toHaveBeenCalledWith({ kind: 'trip', trip_id: trip.trip.id }, '走访计划-苏锡行.ics');
  });
});
