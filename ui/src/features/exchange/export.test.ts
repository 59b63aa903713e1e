import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
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
    expect(button.textContent?.trim()).toBe('导出台账 (xlsx)');
    await fireEvent.click(button);
    expect(exportLedger).toHaveBeenCalledWith('访企拓岗工作台账.xlsx');
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
