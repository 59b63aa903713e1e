import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppState } from '../../lib/app.svelte';
import type { Backend, CalendarEvent, Official, Range, Reminder, Visit, VisitRow, View } from '../../lib/backend';
import { FAKE_PASSPHRASE, fakeBackend } from '../../lib/backend/fake';
import { calendar } from '../../lib/backend/fixtures';
import { dataOf } from '../../lib/records';
import { gather, notices, summarize } from '../../lib/reminders';
import { demo, renderIn } from '../../test/harness';
import { businessHours, instantToWall, leaderColour, PER_DAY, tipOf, toEvents, wallToInstant } from './events';
import Calendar from './Calendar.svelte';
import ContactPlanPanel from './ContactPlanPanel.svelte';
import QuickPlan from './QuickPlan.svelte';
import TripPanel from './TripPanel.svelte';
import Warnings from './Warnings.svelte';

const ZONE = 'Asia/Shanghai';
const LABELS = {
  cancelled: '已取消',
  awaiting: '待确认',
  more: (visits: number, trips: number) => `还有 ${visits} 项走访${trips ? `、${trips} 个行程` : ''}`,
  workday: '班',
  official: (d: Official) => `${d.name}（${d.day_type}）`,
};
const EVERYONE = { leaders: [], statuses: [], modes: [], key_only: false };

async function rows(backend: Backend): Promise<VisitRow[]> {
  return backend.visitsBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
}

/** Every visit of the store as the calendar draws it. */
async function lean(backend: Backend): Promise<CalendarEvent[]> {
  return (await backend.calendarRange('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z', EVERYONE, PER_DAY.day)).events;
}

function range(events: CalendarEvent[], extra: Partial<Range> = {}): Range {
  const audit = { created_at: '', updated_at: '', created_by: '', updated_by: '', deleted_at: null };
  return {
    events,
    hidden: [],
    trips: [],
    occurrences: [],
    official_days: [],
    campaign: { id: 'c', audit, name: '专项行动', starts_on: '2026-03-01', ends_on: '2026-08-31', time_zone: ZONE, target_per_principal: 100, target_new_employers: 100 },
    ...extra,
  };
}

describe('calendar events', () => {
  it('shows the campaign zone’s wall clock and converts dropped times back', () => {
    expect(instantToWall('2026-03-15T01:30:00Z', ZONE)).toBe('2026-03-15T09:30:00');
    // FullCalendar runs in UTC: 09:30 on its clock is 09:30 in Beijing, 01:30 UTC.
    expect(wallToInstant(new Date('2026-03-15T09:30:00Z'), ZONE)).toBe('2026-03-15T01:30:00Z');
    expect(wallToInstant(new Date('2026-03-15T09:30:00Z'), 'Asia/Urumqi')).toBe('2026-03-15T03:30:00Z');
  });

  it('tells statuses apart, colours by leader, and lets only planned visits move', async () => {
    const { backend } = await demo();
    const all = await lean(backend);
    expect(all).toHaveLength((await rows(backend)).length);
    const people = [...new Set(all.map((v) => v.lead_id))];
    const events = toEvents(range(all), people, LABELS);
    const visits = events.filter((e) => (e.extendedProps as { kind: string }).kind === 'visit');
    expect(visits).toHaveLength(all.length);
    for (const [i, v] of all.entries()) {
      const e = visits[i]!;
      expect(e.editable).toBe(v.status === 'planned');
      expect(e.classNames).toContain(`vd-${v.status}`);
      expect(e.borderColor).toBe(leaderColour(v.lead_id, people));
      expect(String(e.title)).toContain(v.employer_name);
      expect(e.start).toBe(instantToWall(v.start, ZONE));
    }
    expect(leaderColour(people[0]!, people)).not.toBe(leaderColour(people[1]!, people));
    const campaign = events.find((e) => e.id === 'campaign');
    expect(campaign).toMatchObject({ display: 'background', start: '2026-03-01', end: '2026-09-01' });
  });

  it('marks a completion that waits for its leader’s confirmation', async () => {
    const { backend } = await demo();
    const done = (await lean(backend)).find((v) => v.status === 'completed')!;
    const [a, c] = toEvents(range([{ ...done, awaiting: true }, { ...done, awaiting: false }]), [], LABELS);
    expect(String(a!.title)).toBe(`✓ 待确认 · ${done.employer_name}${done.key_employer ? ' ★' : ''} · ${done.lead_name}`);
    expect(a!.classNames).toContain('vd-awaiting');
    expect(String(c!.title)).toBe(`✓ ${done.employer_name}${done.key_employer ? ' ★' : ''} · ${done.lead_name}`);
    expect(c!.classNames).not.toContain('vd-awaiting');
  });

  it('lets only the visits of leaders one works for move', async () => {
    const { backend } = await demo();
    const all = await lean(backend);
    const mine = all.find((v) => v.status === 'planned')!.lead_id;
    const events = toEvents(range(all), [], LABELS, (id) => id === mine);
    for (const [i, v] of all.entries()) {
      expect(events[i]!.editable).toBe(v.status === 'planned' && v.lead_id === mine);
    }
    expect(all.some((v) => v.status === 'planned' && v.lead_id !== mine)).toBe(true);
  });

  it('draws trips as day spans and contact-plan occurrences', () => {
    const audit = { created_at: '', updated_at: '', created_by: '', updated_by: '', deleted_at: null };
    const trip = { id: 't1', audit, leader_id: 'p1', title: '苏锡访企', starts_on: '2026-03-15', ends_on: '2026-03-17', notes: '' };
    const occurrence = { plan_id: 'cp', on: '2026-03-31', start: '2026-03-31T07:00:00Z', end: '2026-03-31T08:00:00Z', title: '月度联络', employer_id: 'e', employer_name: '甲公司', owner_id: 'p1', changed: false, note: '' };
    const events = toEvents(range([], { trips: [{ trip, leader_name: '王书记' }], occurrences: [occurrence] }), ['p1'], LABELS);
    expect(events.find((e) => e.id === 'trip:t1')).toMatchObject({ allDay: true, start: '2026-03-15', end: '2026-03-18', editable: false });
    expect(events.find((e) => e.id === 'occurrence:cp:2026-03-31')).toMatchObject({ start: '2026-03-31T15:00:00', end: '2026-03-31T16:00:00' });
  });

  it('offers the visits a day leaves out as one "+N" of that day', () => {
    const events = toEvents(range([], { hidden: [{ day: '2026-03-16', visits: 7, trips: 0 }] }), [], LABELS);
    const more = events.filter((e) => (e.extendedProps as { kind: string }).kind === 'more');
    expect(more).toEqual([
      expect.objectContaining({ title: '还有 7 项走访', start: '2026-03-16', allDay: true, editable: false, classNames: ['vd-more'] }),
    ]);
    expect(more[0]!.extendedProps).toMatchObject({ day: '2026-03-16', visits: 7 });
  });

  it('shades official holidays under their name and marks 调休 working days "班", behind everything', () => {
    const official_days: Official[] = [
      { on: '2026-10-01', day_type: 'holiday', name: '国庆节', added: null },
      { on: '2026-10-10', day_type: 'workday', name: '国庆节', added: 'r1' },
    ];
    const events = toEvents(range([], { official_days }), [], LABELS);
    const days = events.filter((e) => (e.extendedProps as { kind: string }).kind === 'official');
    expect(days).toEqual([
      expect.objectContaining({ id: 'official:2026-10-01', title: '国庆节', start: '2026-10-01', allDay: true, display: 'background', classNames: ['vd-holiday'] }),
      expect.objectContaining({ id: 'official:2026-10-10', title: '班', start: '2026-10-10', allDay: true, display: 'background', classNames: ['vd-workday'] }),
    ]);
    expect(days.map((e) => tipOf(e.extendedProps as Record<string, unknown>))).toEqual(['国庆节（holiday）', '国庆节（workday）']);
    // Never a "+N" or a visit: nothing counts them.
    expect(events.filter((e) => e.display !== 'background')).toEqual([]);
  });

  it('marks the working hours of the preferences, Monday to Friday', () => {
    expect(businessHours({ work_start: '09:00:00', work_end: '18:00:00' })).toEqual({ daysOfWeek: [1, 2, 3, 4, 5], startTime: '09:00:00', endTime: '18:00:00' });
  });
});

/** Six planned visits on 25 November (Beijing), 09:00 to 14:00, on the demo store. */
async function busyDay(backend: Backend): Promise<void> {
  const planned = (await backend.visitsBetween('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).find((r) => r.visit.status === 'planned')!;
  for (let h = 1; h <= 6; h++) {
    const visit: Visit = { ...dataOf(planned.visit), planned_start: `2026-11-25T0${h}:00:00Z`, planned_end: `2026-11-25T0${h}:45:00Z` };
    await backend.planVisit(visit);
  }
}

/**
 * The month grid laid out as jsdom cannot: 100-pixel day cells below a 50-pixel header, each
 * event a strip in its cell, so that FullCalendar finds the day under the pointer of a drag.
 */
function layOutMonth(): () => void {
  const CELL = 100;
  const cells = (): Element[] => [...document.querySelectorAll('td.fc-daygrid-day')];
  const rect = (left: number, top: number, width: number, height: number): DOMRect =>
    ({ left, top, width, height, right: left + width, bottom: top + height, x: left, y: top, toJSON: () => ({}) }) as DOMRect;
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
    const td = this.closest('td.fc-daygrid-day');
    if (!td) return rect(0, 0, 7 * CELL, 50 + 6 * CELL);
    const i = cells().indexOf(td);
    const [left, top] = [(i % 7) * CELL, 50 + Math.floor(i / 7) * CELL];
    return this === td ? rect(left, top, CELL, CELL) : rect(left + 5, top + 30, CELL - 10, 15);
  });
  const before = document.elementFromPoint;
  document.elementFromPoint = (x: number, y: number) => cells()[Math.floor((y - 50) / CELL) * 7 + Math.floor(x / CELL)] ?? null;
  return () => {
    document.elementFromPoint = before;
  };
}

/** Drags `event` with the mouse into the middle of the month cell of `day`. */
async function dragTo(event: Element, day: string): Promise<void> {
  const from = event.getBoundingClientRect();
  const to = document.querySelector(`td.fc-daygrid-day[data-date="${day}"]`)!.getBoundingClientRect();
  const at = (x: number, y: number) => ({ button: 0, clientX: x, clientY: y, pageX: x, pageY: y });
  const [x0, y0, x1, y1] = [from.left + 10, from.top + 5, to.left + 50, to.top + 50];
  await fireEvent.mouseDown(event, at(x0, y0));
  for (let i = 1; i <= 5; i++) await fireEvent.mouseMove(document, at(x0 + ((x1 - x0) * i) / 5, y0 + ((y1 - y0) * i) / 5));
  await fireEvent.mouseUp(document, at(x1, y1));
}

describe('the calendar page', () => {
  let restore = (): void => {};
  afterEach(() => {
    restore();
    restore = () => {};
    vi.restoreAllMocks();
  });

  /** The demo store with the calendar opening in `view`; its page rendered, first events drawn. */
  async function open(view: View, prepare: (backend: Backend) => Promise<void> = async () => {}) {
    const { app, backend } = await demo();
    await prepare(backend);
    await backend.saveCalendarPreferences({ ...(await backend.calendarPreferences()), view });
    const ranges = vi.spyOn(backend, 'calendarRange');
    renderIn(app, Calendar, {});
    const host = await screen.findByTestId('calendar');
    await vi.waitFor(() => expect(host.dataset.renders).toBe('1'));
    return { app, backend, ranges, host };
  }

  const day = (date: string): HTMLElement => document.querySelector(`td[data-date="${date}"]`) as HTMLElement;

  it('draws a full day’s first visits and a "+N" for the rest, which opens the day', async () => {
    const { backend, ranges, host } = await open('month', busyDay);
    // The month asks for 4 a day: the 25th draws 4 of its 6 and says 2 more.
    expect(ranges.mock.calls[0]?.[3]).toBe(PER_DAY.month);
    expect(day('2026-11-25').querySelectorAll('.vd-visit')).toHaveLength(4);
    const more = within(day('2026-11-25')).getByText('还有 2 项走访').closest('.fc-event') as HTMLElement;
    expect(more.classList).toContain('vd-more');
    expect(host.querySelectorAll('.vd-more')).toHaveLength(1);
    // In view: those drawn and those left out.
    const [from, to] = ranges.mock.calls[0]!;
    expect(host.dataset.visits).toBe(String((await backend.calendarRange(from, to, EVERYONE, PER_DAY.day)).events.length));
    expect(Number(host.dataset.visits)).toBe(host.querySelectorAll('.vd-visit').length + 2);

    await fireEvent.click(more);
    await vi.waitFor(() => expect(host.dataset.view).toBe('day'));
    expect(ranges).toHaveBeenLastCalledWith('2026-11-24T16:00:00Z', '2026-11-25T16:00:00Z', EVERYONE, PER_DAY.day);
    await vi.waitFor(() => expect(host.querySelectorAll('.vd-visit')).toHaveLength(6));
    expect(host.querySelectorAll('.vd-more')).toHaveLength(0);
    expect(screen.getByTestId('calendar-title').textContent).toContain('2026年11月25日');
  });

  it('shades the official holidays of the month under their name, and marks 调休 working days 班', async () => {
    const { ranges, host } = await open('month');
    expect(host.querySelectorAll('.vd-holiday, .vd-workday')).toHaveLength(0);
    // October 2026: 国庆节 from the 1st to the 7th, and Saturday the 10th worked.
    await fireEvent.click(screen.getByTestId('calendar-prev'));
    await vi.waitFor(() => expect(host.dataset.renders).toBe('2'));
    expect(ranges).toHaveBeenCalledTimes(2);
    const holiday = day('2026-10-01').querySelector('.vd-holiday') as HTMLElement;
    expect(holiday.classList).toContain('fc-bg-event');
    expect(holiday.textContent).toBe('国庆节');
    expect(holiday.title).toBe('国庆节（放假）');
    const worked = day('2026-10-10').querySelector('.vd-workday') as HTMLElement;
    expect(worked.textContent).toBe('班');
    expect(worked.title).toBe('调休上班（补国庆节）');
    expect(host.querySelectorAll('.vd-holiday')).toHaveLength(7);
    // 中秋节 (25–27 September) and its 调休 Sunday the 20th fall before the grid, which starts on Monday the 28th.
    expect(day('2026-09-20')).toBeNull();
    expect(host.querySelectorAll('.vd-workday')).toHaveLength(1);
    expect(day('2026-10-08').querySelector('.vd-holiday, .vd-workday')).toBeNull();
  });

  it('gives FullCalendar the working days of the preferences as business hours', async () => {
    // (jsdom lays out no time slots, so the hours are the unit test's; the days show in the month.)
    const { host } = await open('month');
    // Each week's weekend is one span, from its Saturday; no working day has one.
    const saturdays = [...host.querySelectorAll('td.fc-day-sat')];
    expect(saturdays).toHaveLength(6);
    for (const sat of saturdays) expect(sat.querySelector('.fc-non-business'), sat.getAttribute('data-date') ?? '').not.toBeNull();
    for (const date of ['2026-11-16', '2026-11-18', '2026-11-20']) expect(day(date).querySelector('.fc-non-business'), date).toBeNull();
    expect(host.querySelectorAll('.fc-non-business')).toHaveLength(6);
  });

  it('draws its events again from a static array for the side-by-side measure, and leaves nothing behind', async () => {
    const { ranges, host } = await open('month', busyDay);
    const calls = ranges.mock.calls.length;
    const children = document.body.children.length;
    const ms = await (host as HTMLElement & { vdBaseline: () => Promise<number> }).vdBaseline();
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ranges.mock.calls.length).toBe(calls);
    expect(document.body.children.length).toBe(children);
  });

  it('asks each view for its own number of visits a day', async () => {
    const { ranges, host } = await open('week');
    expect(ranges.mock.calls[0]?.[3]).toBe(PER_DAY.week);
    for (const view of ['month', 'day', 'agenda'] as const) {
      await fireEvent.click(screen.getByTestId(`calendar-view-${view}`));
      await vi.waitFor(() => expect(ranges.mock.lastCall?.[3]).toBe(PER_DAY[view]));
    }
    // The agenda's week is the week view's: each is read with its own number, the week's kept.
    await fireEvent.click(screen.getByTestId('calendar-view-week'));
    await vi.waitFor(() => expect(host.dataset.renders).toBe('5'));
    expect(host.dataset.view).toBe('week');
    expect(ranges.mock.calls.map((c) => c[3])).toEqual([12, 4, 200, 40]);
    expect(ranges.mock.calls[3]?.slice(0, 2)).toEqual(ranges.mock.calls[0]?.slice(0, 2));
  });

  it('draws a month seen before without asking the core, and asks again after a move', async () => {
    const { app, backend, ranges, host } = await open('month');
    restore = layOutMonth();
    const november = ranges.mock.calls[0]!;
    await fireEvent.click(screen.getByTestId('calendar-next'));
    await vi.waitFor(() => expect(host.dataset.renders).toBe('2'));
    await fireEvent.click(screen.getByTestId('calendar-prev'));
    // Drawn again, and timed, but from the cache.
    await vi.waitFor(() => expect(host.dataset.renders).toBe('3'));
    expect(host.dataset.renderMs).not.toBe('');
    expect(ranges).toHaveBeenCalledTimes(2);
    expect(day('2026-11-20').querySelectorAll('.vd-planned')).toHaveLength(1);

    // A move changes the store: November is read again, and every other range with it.
    const move = vi.spyOn(backend, 'moveVisit');
    const check = vi.spyOn(backend, 'checkSchedule');
    await dragTo(day('2026-11-20').querySelector('.vd-planned')!, '2026-11-24');
    await vi.waitFor(() => expect(move).toHaveBeenCalledOnce());
    // The core checks the whole visit, read for the move: the calendar holds only what it shows.
    const moved = (await backend.visitDetail(move.mock.calls[0]![0])).visit;
    expect(check).toHaveBeenCalledWith(moved.id, expect.objectContaining({ employer_id: moved.employer_id, objectives: moved.objectives, planned_start: '2026-11-24T01:00:00Z' }));
    expect(move.mock.calls[0]?.slice(1)).toEqual(['2026-11-24T01:00:00Z', '2026-11-24T03:00:00Z', '']);
    await vi.waitFor(() => expect(ranges).toHaveBeenCalledTimes(3));
    expect(ranges.mock.calls[2]).toEqual(november);
    await vi.waitFor(() => expect(day('2026-11-24').querySelectorAll('.vd-planned')).toHaveLength(1));
    expect(day('2026-11-20').querySelectorAll('.vd-planned')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('calendar-next'));
    await vi.waitFor(() => expect(ranges).toHaveBeenCalledTimes(4));

    // Records changed elsewhere (an undo, the team folder) do the same.
    app.changed();
    await vi.waitFor(() => expect(ranges).toHaveBeenCalledTimes(5));
    expect(ranges.mock.calls[4]).toEqual(ranges.mock.calls[3]);
  });

  it('reads a visit whole when it is chosen for a trip', async () => {
    const { backend } = await open('month');
    const detail = vi.spyOn(backend, 'visitDetail');
    await fireEvent.click(screen.getByTestId('trip-select'));
    for (const date of ['2026-11-19', '2026-11-20']) await fireEvent.click(day(date).querySelector('.vd-planned')!);
    await vi.waitFor(() => expect(screen.getByTestId('trip-select').textContent).toContain('已选 2 项'));
    expect(detail).toHaveBeenCalledTimes(2);
    await fireEvent.click(screen.getByTestId('trip-build'));
    const stops = await screen.findAllByTestId('trip-stop');
    const chosen = await Promise.all(detail.mock.results.map((r) => r.value as ReturnType<Backend['visitDetail']>));
    expect(stops.map((s) => s.textContent)).toEqual(chosen.map((d) => expect.stringContaining(d.employer.name)));
    expect(stops[0]?.textContent).toContain(chosen[0]!.lead_name);
  });
});

describe('whose visits the calendar opens on', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The calendar page for `app`, its first events drawn. */
  async function openAs(app: AppState, backend: Backend) {
    const ranges = vi.spyOn(backend, 'calendarRange');
    renderIn(app, Calendar, {});
    const host = await screen.findByTestId('calendar');
    await vi.waitFor(() => expect(host.dataset.renders).toBe('1'));
    const select = screen.getByTestId('calendar-filter-leader') as HTMLSelectElement;
    return { ranges, host, select };
  }

  const shown = (select: HTMLSelectElement): string => select.selectedOptions[0]?.textContent ?? '';

  it('a leader’s own, with the whole team one click away', async () => {
    const { app, backend } = await demo({}, {}, '林晓岚');
    const me = app.session.person.id;
    const { ranges, host, select } = await openAs(app, backend);
    expect(ranges).toHaveBeenCalledOnce();
    expect(ranges.mock.calls[0]?.[2].leaders).toEqual([me]);
    expect(shown(select)).toBe('我的走访');

    await fireEvent.click(screen.getByTestId('calendar-filter-all'));
    await vi.waitFor(() => expect(ranges.mock.lastCall?.[2].leaders).toEqual([]));
    expect(shown(select)).toBe('全部校领导');
    expect(screen.queryByTestId('calendar-filter-all')).toBeNull();

    // And back to one's own from the list (drawn again from the range read first).
    await fireEvent.change(select, { target: { value: select.options[0]!.value } });
    await vi.waitFor(() => expect(host.dataset.renders).toBe('3'));
    expect(shown(select)).toBe('我的走访');
    expect(screen.getByTestId('calendar-filter-all')).toBeTruthy();
    expect(ranges).toHaveBeenCalledTimes(2);
  });

  it('an assistant’s on the leaders they assist', async () => {
    const { backend } = await demo();
    const people = await backend.listPeople();
    const [wang, lin, chen] = ['王珊', '林晓岚', '陈立新'].map((name) => people.find((p) => p.name === name)!);
    await backend.setAccess(wang!.id, 'assistant', [chen!.id, lin!.id], '');
    await backend.lock();
    const app = new AppState(backend, await backend.unlock(wang!.id, FAKE_PASSPHRASE));
    const { ranges, select } = await openAs(app, backend);
    expect(ranges.mock.calls[0]?.[2].leaders).toEqual([lin!.id, chen!.id]);
    expect(shown(select)).toBe('我协助的校领导（林晓岚、陈立新）');

    await fireEvent.change(select, { target: { value: '' } });
    await vi.waitFor(() => expect(ranges.mock.lastCall?.[2].leaders).toEqual([]));
    await fireEvent.change(select, { target: { value: lin!.id } });
    await vi.waitFor(() => expect(ranges.mock.lastCall?.[2].leaders).toEqual([lin!.id]));
    expect(shown(select)).toBe('林晓岚');
  });

  it('an admin’s on the whole team', async () => {
    const { app, backend } = await demo();
    expect(app.rights.rights.works_for).toBeNull();
    const { ranges, select } = await openAs(app, backend);
    expect(ranges.mock.calls[0]?.[2].leaders).toEqual([]);
    expect(shown(select)).toBe('全部校领导');
    expect([...select.options].map((o) => o.textContent)).not.toContain('我的走访');
    expect(screen.queryByTestId('calendar-filter-all')).toBeNull();
  });

  it('the whole team’s for an assistant who assists no one yet', async () => {
    const { app, backend } = await demo({}, {}, '王珊');
    expect(app.session.person.assists).toEqual([]);
    const { ranges, select } = await openAs(app, backend);
    expect(ranges.mock.calls[0]?.[2].leaders).toEqual([]);
    expect(shown(select)).toBe('全部校领导');
  });
});

describe('warnings before saving', () => {
  it('needs a reason to save anyway', async () => {
    const onconfirm = vi.fn();
    render(Warnings, {
      props: {
        warnings: [
          { kind: 'weekend', date: '2026-03-14', holiday: null },
          { kind: 'weekend', date: '2026-05-01', holiday: '劳动节' },
          { kind: 'outside_campaign', starts_on: '2026-03-01', ends_on: '2026-08-31' },
        ],
        zone: ZONE,
        onconfirm,
        oncancel: () => {},
      },
    });
    expect(screen.getAllByTestId('calendar-warning').map((w) => w.textContent)).toEqual(['2026-03-14 是周末', '2026-05-01 是劳动节假期', '不在专项行动期间（2026-03-01 至 2026-08-31）']);
    const confirm = screen.getByTestId('override-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('override-reason'), { target: { value: '对方仅周末可接待' } });
    await fireEvent.click(confirm);
    expect(onconfirm).toHaveBeenCalledWith('对方仅周末可接待');
  });
});

describe('planning on a slot', () => {
  it('shows the double booking the core finds, and saves with the reason given', async () => {
    const { input, warnings } = calendar.double_booked;
    const { app, backend } = await demo({ checkSchedule: async () => warnings });
    const check = vi.spyOn(backend, 'checkSchedule');
    const schedule = vi.spyOn(backend, 'scheduleVisit');
    const onsaved = vi.fn();
    const people = await backend.listPeople();
    const employer = await backend.employerDetail(input.employer_id);
    renderIn(app, QuickPlan, { start: input.planned_start, end: input.planned_end, zone: ZONE, people, onsaved, oncancel: () => {} });

    const picker = await screen.findByTestId('visit-employer');
    await fireEvent.focus(picker);
    await fireEvent.input(picker, { target: { value: employer.employer.name } });
    await fireEvent.keyDown(picker, { key: 'Enter' });
    await fireEvent.change(screen.getByTestId('plan-lead'), { target: { value: input.lead_id } });
    await fireEvent.click(screen.getByTestId('plan-save'));

    const [warning] = await screen.findAllByTestId('calendar-warning');
    expect(check).toHaveBeenCalledWith(null, expect.objectContaining({ employer_id: input.employer_id, lead_id: input.lead_id, planned_start: input.planned_start }));
    expect(warning?.dataset.kind).toBe('double_booked');
    expect(warnings[0]).toMatchObject({ kind: 'double_booked' });
    expect(warning?.textContent).toContain((warnings[0] as { employer_name: string }).employer_name);
    expect(schedule).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByTestId('override-reason'), { target: { value: '书记只出席开场' } });
    await fireEvent.click(screen.getByTestId('override-confirm'));
    await vi.waitFor(() => expect(onsaved).toHaveBeenCalledOnce());
    expect(schedule.mock.calls[0]?.[2]).toBe('书记只出席开场');
    expect(schedule.mock.calls[0]?.[1]).toMatchObject({ lead_id: input.lead_id, planned_start: input.planned_start });
  });

  it('plans by default for a leader one assists, and names the right for any other', async () => {
    const { backend } = await demo();
    const people = await backend.listPeople();
    const [wang, lin] = [people.find((p) => p.name === '王珊')!, people.find((p) => p.name === '林晓岚')!];
    await backend.setAccess(wang.id, 'assistant', [lin.id], '');
    await backend.lock();
    const app = new AppState(backend, await backend.unlock(wang.id, FAKE_PASSPHRASE));
    renderIn(app, QuickPlan, { start: '2026-12-01T01:00:00Z', end: '2026-12-01T03:00:00Z', zone: ZONE, people, onsaved: () => {}, oncancel: () => {} });
    const lead = (await screen.findByTestId('plan-lead')) as HTMLSelectElement;
    expect(lead.value).toBe(lin.id);
    expect((screen.getByTestId('plan-save') as HTMLButtonElement).disabled).toBe(false);
    await fireEvent.change(lead, { target: { value: people.find((p) => p.name === '周明远')!.id } });
    expect((screen.getByTestId('plan-save') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('plan-needs').textContent).toBe('需要权限：处理该校领导的走访和行程');
  });

  it('refuses to save without an employer', async () => {
    const { app, backend } = await demo();
    const schedule = vi.spyOn(backend, 'scheduleVisit');
    renderIn(app, QuickPlan, { start: '2026-12-01T01:00:00Z', end: '2026-12-01T03:00:00Z', zone: ZONE, people: await backend.listPeople(), onsaved: () => {}, oncancel: () => {} });
    await fireEvent.click(await screen.findByTestId('plan-save'));
    expect((await screen.findByTestId('plan-error')).textContent).toBe('请先选择用人单位。');
    expect(schedule).not.toHaveBeenCalled();
  });
});

describe('building a trip', () => {
  it('reorders the stops, adds travel notes and saves them in that order', async () => {
    const { app, backend } = await demo();
    const lead = app.session.person.id;
    const mine = (await rows(backend)).filter((r) => r.visit.lead_id === lead).slice(0, 2);
    expect(mine).toHaveLength(2);
    const build = vi.spyOn(backend, 'buildTrip');
    const onsaved = vi.fn();
    renderIn(app, TripPanel, { tripId: null, selection: mine, zone: ZONE, people: await backend.listPeople(), onsaved, onclose: () => {} });

    await fireEvent.input(screen.getByTestId('trip-name'), { target: { value: '苏锡访企拓岗' } });
    await fireEvent.click(screen.getAllByTestId('trip-stop-up')[1]!);
    expect(screen.getAllByTestId('trip-stop')[0]?.textContent).toContain(mine[1]!.employer_name);
    await fireEvent.input(screen.getByTestId('trip-travel-note'), { target: { value: '高铁 40 分钟' } });
    await fireEvent.click(screen.getByTestId('trip-save'));

    await vi.waitFor(() => expect(onsaved).toHaveBeenCalledOnce());
    expect(build.mock.calls[0]?.[0]).toMatchObject({ leader_id: lead, title: '苏锡访企拓岗' });
    expect(build.mock.calls[0]?.[1]).toEqual([
      { visit_id: mine[1]!.visit.id, travel_note: mine[1]!.visit.travel_note },
      { visit_id: mine[0]!.visit.id, travel_note: '高铁 40 分钟' },
    ]);
    const detail = await backend.tripDetail((await build.mock.results[0]!.value).trip.id);
    expect(detail.stops.map((s) => s.visit.id)).toEqual([mine[1]!.visit.id, mine[0]!.visit.id]);
  });
});

describe('reminders', () => {
  const visit = (keys: string[]): Reminder => ({ kind: 'visit', keys, visit_id: 'v', employer_name: '甲公司', starts_at: '2026-03-15T01:00:00Z', minutes_before: 60 });
  const task = (n: number): Reminder => ({ kind: 'task', keys: [`task:${n}`], task_id: `t${n}`, title: `事项${n}`, due_on: '2026-03-15' });

  it('words each reminder, and sums up many follow-ups in one notice', () => {
    expect(notices([visit(['a']), task(1)], ZONE)).toEqual([
      { title: '走访提醒', body: '2026-03-15 09:00 走访 甲公司' },
      { title: '跟进事项到期', body: '事项1（2026-03-15 到期）' },
    ]);
    const many = notices([task(1), task(2), task(3), task(4)], ZONE);
    expect(many).toEqual([{ title: '跟进事项到期', body: '有 4 项跟进事项到期，请在“跟进事项”中查看。' }]);
  });

  it('sum up in counts: visits by their day in the campaign’s zone, follow-ups late or due today, each record once', () => {
    const now = new Date('2026-03-14T16:30:00Z'); // 00:30 on the 15th in Beijing
    const at = (id: string, starts_at: string): Reminder => ({ kind: 'visit', keys: [`${id}:${starts_at}`], visit_id: id, employer_name: '甲公司', starts_at, minutes_before: 60 });
    const due = (n: number, due_on: string): Reminder => ({ kind: 'task', keys: [`task:${n}`], task_id: `t${n}`, title: `事项${n}`, due_on });
    const first = [at('a', '2026-03-15T01:00:00Z'), at('b', '2026-03-15T17:00:00Z'), due(1, '2026-03-14'), due(2, '2026-03-15')];
    // An hour before visit a, its second reminder; visit c two days ahead; follow-up 3 late.
    const later = [at('a', '2026-03-15T01:00:00Z'), at('c', '2026-03-16T17:00:00Z'), due(3, '2026-03-01')];
    const all = gather(first, later);
    expect(all).toHaveLength(6);
    expect(summarize(all, ZONE, now)).toEqual({ visitsToday: 1, visitsTomorrow: 1, visitsLater: 1, overdue: 2, dueToday: 1 });
    // Days are the zone's: in Ürümqi (UTC+6) it is still the 14th, so visit a is tomorrow and b too.
    expect(summarize(all.filter((r) => r.kind === 'visit'), 'Asia/Urumqi', now)).toMatchObject({ visitsToday: 0, visitsTomorrow: 2, visitsLater: 1 });
  });

  it('are delivered by the shell once, with the keys they stand for', async () => {
    const backend = fakeBackend({}, { store: 'demo', unlocked: true, reminders: [visit(['v:1440', 'v:60'])] });
    const deliver = vi.spyOn(backend, 'deliverReminders');
    const { default: Shell } = await import('../shell/Shell.svelte');
    const session = await backend.unlock((await backend.storeStatus()).people[0]!.person_id, 'correct horse');
    render(Shell, { props: { backend, session, onlock: () => {} } });
    await vi.waitFor(() => expect(deliver).toHaveBeenCalledOnce());
    expect(deliver.mock.calls[0]).toEqual([[{ title: '走访提醒', body: '2026-03-15 09:00 走访 甲公司' }], ['v:1440', 'v:60']]);
    expect(await backend.dueReminders()).toEqual([]);
  });
});

describe('contact plans', () => {
  it('adds a quarterly series', async () => {
    const { app, backend } = await demo();
    const people = await backend.listPeople();
    const save = vi.spyOn(backend, 'saveContactPlan');
    const onsaved = vi.fn();
    renderIn(app, ContactPlanPanel, { planId: null, zone: ZONE, people, onsaved, onclose: () => {} });
    const picker = await screen.findByTestId('visit-employer');
    await fireEvent.focus(picker);
    await fireEvent.input(picker, { target: { value: '青桐' } });
    await fireEvent.keyDown(picker, { key: 'Enter' });
    await fireEvent.input(screen.getByTestId('series-name'), { target: { value: '季度联络' } });
    await fireEvent.change(screen.getByTestId('series-frequency'), { target: { value: 'quarterly' } });
    await fireEvent.input(screen.getByTestId('series-first'), { target: { value: '2026-01-31' } });
    await fireEvent.click(screen.getByTestId('series-save'));
    await vi.waitFor(() => expect(save).toHaveBeenCalledOnce());
    await vi.waitFor(() => expect(onsaved).toHaveBeenCalledOnce());
    expect(save.mock.calls[0]?.[1]).toMatchObject({ title: '季度联络', frequency: 'quarterly', first_on: '2026-01-31', at: '10:00:00', changes: [] });
  });

  it('skips one occurrence of the core’s series without touching the others', async () => {
    const { app, backend } = await demo();
    // The demo's plan runs quarterly from 31 August: the core puts November's on the 30th.
    const november = calendar.occurrences.find((o) => o.on.startsWith('2026-11'))!;
    expect(november.on).toBe('2026-11-30');
    const change = vi.spyOn(backend, 'changeOccurrence');
    renderIn(app, ContactPlanPanel, { planId: november.plan_id, occurrence: november, zone: ZONE, people: await backend.listPeople(), onsaved: () => {}, onclose: () => {} });
    await fireEvent.click(await screen.findByTestId('occurrence-skip'));
    await vi.waitFor(() => expect(change).toHaveBeenCalledOnce());
    expect(change.mock.calls[0]).toEqual([november.plan_id, '2026-11-30', { on: '2026-11-30', skipped: true, start: null, end: null, note: '' }]);
  });
});
