import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { AppState } from '../../lib/app.svelte';
import type { Backend, Range, Reminder, VisitRow } from '../../lib/backend';
import { FAKE_PASSPHRASE, fakeBackend } from '../../lib/backend/fake';
import { calendar } from '../../lib/backend/fixtures';
import { notices } from '../../lib/reminders';
import { demo, renderIn } from '../../test/harness';
import { instantToWall, leaderColour, toEvents, wallToInstant } from './events';
import ContactPlanPanel from './ContactPlanPanel.svelte';
import QuickPlan from './QuickPlan.svelte';
import TripPanel from './TripPanel.svelte';
import Warnings from './Warnings.svelte';

const ZONE = 'Asia/Shanghai';
const LABELS = { cancelled: '已取消', awaiting: '待确认' };

async function rows(backend: Backend): Promise<VisitRow[]> {
  return backend.visitsBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
}

function range(events: VisitRow[], extra: Partial<Range> = {}): Range {
  const audit = { created_at: '', updated_at: '', created_by: '', updated_by: '', deleted_at: null };
  return {
    events,
    trips: [],
    occurrences: [],
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
    const all = await rows(backend);
    const people = [...new Set(all.map((r) => r.visit.lead_id))];
    const events = toEvents(range(all), people, LABELS);
    const visits = events.filter((e) => (e.extendedProps as { kind: string }).kind === 'visit');
    expect(visits).toHaveLength(all.length);
    for (const [i, row] of all.entries()) {
      const e = visits[i]!;
      expect(e.editable).toBe(row.visit.status === 'planned');
      expect(e.classNames).toContain(`vd-${row.visit.status}`);
      expect(e.borderColor).toBe(leaderColour(row.visit.lead_id, people));
      expect(String(e.title)).toContain(row.employer_name);
    }
    expect(leaderColour(people[0]!, people)).not.toBe(leaderColour(people[1]!, people));
    const campaign = events.find((e) => e.id === 'campaign');
    expect(campaign).toMatchObject({ display: 'background', start: '2026-03-01', end: '2026-09-01' });
  });

  it('marks a completion that waits for its leader’s confirmation', async () => {
    const { backend } = await demo();
    const all = await rows(backend);
    const done = all.find((r) => r.visit.status === 'completed')!;
    const awaiting = { ...done, visit: { ...done.visit, completed_by: 'someone-else', confirmed_by: null } };
    const confirmed = { ...done, visit: { ...done.visit, completed_by: 'someone-else', confirmed_by: done.visit.lead_id } };
    const [a, c] = toEvents(range([awaiting, confirmed]), [], LABELS);
    expect(String(a!.title)).toBe(`✓ 待确认 · ${done.employer_name}${done.key_employer ? ' ★' : ''} · ${done.lead_name}`);
    expect(a!.classNames).toContain('vd-awaiting');
    expect(String(c!.title)).toBe(`✓ ${done.employer_name}${done.key_employer ? ' ★' : ''} · ${done.lead_name}`);
    expect(c!.classNames).not.toContain('vd-awaiting');
  });

  it('lets only the visits of leaders one works for move', async () => {
    const { backend } = await demo();
    const all = await rows(backend);
    const mine = all.find((r) => r.visit.status === 'planned')!.visit.lead_id;
    const events = toEvents(range(all), [], LABELS, (id) => id === mine);
    for (const [i, row] of all.entries()) {
      expect(events[i]!.editable).toBe(row.visit.status === 'planned' && row.visit.lead_id === mine);
    }
    expect(all.some((r) => r.visit.status === 'planned' && r.visit.lead_id !== mine)).toBe(true);
  });

  it('draws trips as day spans and contact-plan occurrences', () => {
    const audit = { created_at: '', updated_at: '', created_by: '', updated_by: '', deleted_at: null };
    const trip = { id: 't1', audit, leader_id: 'p1', title: '苏锡访企', starts_on: '2026-03-15', ends_on: '2026-03-17', notes: '' };
    const occurrence = { plan_id: 'cp', on: '2026-03-31', start: '2026-03-31T07:00:00Z', end: '2026-03-31T08:00:00Z', title: '月度联络', employer_id: 'e', employer_name: '甲公司', owner_id: 'p1', changed: false, note: '' };
    const events = toEvents(range([], { trips: [{ trip, leader_name: '王书记' }], occurrences: [occurrence] }), ['p1'], LABELS);
    expect(events.find((e) => e.id === 'trip:t1')).toMatchObject({ allDay: true, start: '2026-03-15', end: '2026-03-18', editable: false });
    expect(events.find((e) => e.id === 'occurrence:cp:2026-03-31')).toMatchObject({ start: '2026-03-31T15:00:00', end: '2026-03-31T16:00:00' });
  });
});

describe('warnings before saving', () => {
  it('needs a reason to save anyway', async () => {
    const onconfirm = vi.fn();
    render(Warnings, {
      props: {
        warnings: [{ kind: 'weekend', date: '2026-03-14' }, { kind: 'outside_campaign', starts_on: '2026-03-01', ends_on: '2026-08-31' }],
        zone: ZONE,
        onconfirm,
        oncancel: () => {},
      },
    });
    expect(screen.getAllByTestId('calendar-warning').map((w) => w.textContent)).toEqual(['2026-03-14 是周末', '不在专项行动期间（2026-03-01 至 2026-08-31）']);
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
