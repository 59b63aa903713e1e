import { describe, expect, it } from 'vitest';
import { dataOf } from '../records';
import { FAKE_PASSPHRASE, fakeBackend } from './fake';
import { demo, errors, imports } from './fixtures';

const ALL = { industry: null, region: null, key_only: false, origin: null, limit: null, text: null };

describe('the fake backend', () => {
  it('holds the core’s demo store, readable once unlocked with the demo passphrase', async () => {
    const b = fakeBackend({}, { store: 'demo' });
    const [first] = (await b.storeStatus()).people;
    expect(first?.person_id).toBe(demo.person[0]?.id);
    await expect(b.unlock(first?.person_id ?? '', 'not it')).rejects.toEqual(errors.wrong_passphrase.error);
    await expect(b.listEmployers(ALL)).rejects.toMatchObject({ code: 'store.locked' });
    await b.unlock(first?.person_id ?? '', FAKE_PASSPHRASE);
    expect((await b.listEmployers(ALL)).map((e) => e.id).sort()).toEqual(demo.employer.map((e) => e.id).sort());
  });

  it('opens the demo store beside the real one, which locks, and keeps it until deleted (never while in use)', async () => {
    const b = fakeBackend({}, { store: 'demo', unlocked: true });
    const real = (await b.listEmployers(ALL))[0]!;
    await b.saveEmployer(real.id, { ...dataOf(real), name: '只在正式库里的名字' });

    const session = await b.tryDemo();
    expect(session).toMatchObject({ demo: true, school: demo.school, person: { id: demo.person[0]?.id } });
    expect((await b.about()).demo).toBe(true);
    expect((await b.listEmployers(ALL)).map((e) => e.name)).not.toContain('只在正式库里的名字');
    await b.saveEmployer(real.id, { ...dataOf(real), name: '只在示例里的名字' });
    await expect(b.deleteDemo()).rejects.toMatchObject({ code: 'invalid' });

    await b.leaveDemo();
    expect((await b.storeStatus()).unlocked).toBe(false);
    expect((await b.unlock(demo.person[0]?.id ?? '', FAKE_PASSPHRASE)).demo).toBe(false);
    expect((await b.listEmployers(ALL)).map((e) => e.name)).toContain('只在正式库里的名字');
    // Leaving when not in the demo changes nothing.
    await b.leaveDemo();
    expect((await b.storeStatus()).unlocked).toBe(true);

    // Made once: what was changed in it is there again.
    await b.tryDemo();
    expect((await b.listEmployers(ALL)).map((e) => e.name)).toContain('只在示例里的名字');
    await b.leaveDemo();
    await b.deleteDemo();
    await b.tryDemo();
    expect((await b.listEmployers(ALL)).map((e) => e.name)).not.toContain('只在示例里的名字');
  });

  it('answers the import wizard from the core’s answers only, and says when it has none', async () => {
    const b = fakeBackend({}, { store: 'demo', unlocked: true });
    await b.pickImportFile();
    const known = imports.sample.previews[0]!;
    expect(await b.previewImport(known.options)).toEqual(known.preview);
    await expect(b.previewImport({ ...known.options, header_row: 7 })).rejects.toThrow(/no answer/);
  });

  it('draws the first trips starting each day, as the core does, and counts the rest on that day', async () => {
    const b = fakeBackend({}, { store: 'demo', unlocked: true });
    const everyone = { leaders: [], statuses: [], modes: [], key_only: false };
    const leader = demo.person[0]!.id;
    for (const title of ['甲线', '乙线', '丙线']) {
      await b.buildTrip({ leader_id: leader, title, starts_on: '2026-12-09', ends_on: '2026-12-10', notes: '' }, []);
    }
    const week = ['2026-12-06T16:00:00Z', '2026-12-13T16:00:00Z'] as const;
    const capped = await b.calendarRange(week[0], week[1], everyone, 1);
    expect(capped.trips.filter((t) => t.trip.starts_on === '2026-12-09')).toHaveLength(1);
    expect(capped.hidden.find((h) => h.day === '2026-12-09')).toMatchObject({ trips: 2 });
    const all = await b.calendarRange(week[0], week[1], everyone, 200);
    expect(all.trips.filter((t) => t.trip.starts_on === '2026-12-09')).toHaveLength(3);
  });

  it('draws the first visits of each day in the campaign’s zone, in time order, and counts the rest', async () => {
    const b = fakeBackend({}, { store: 'demo', unlocked: true });
    const everyone = { leaders: [], statuses: [], modes: [], key_only: false };
    const template = demo.visit.find((v) => v.status === 'planned')!;
    const plan = (start: string) => b.planVisit({ ...dataOf(template), planned_start: start, planned_end: start.replace(/:00:00Z$/, ':30:00Z') });
    // 25 November in Beijing: from 24 November 16:00 UTC.
    const late = await plan('2026-11-24T15:00:00Z');
    const day = await Promise.all(['2026-11-25T03:00:00Z', '2026-11-25T01:00:00Z', '2026-11-24T17:00:00Z', '2026-11-25T02:00:00Z', '2026-11-25T05:00:00Z', '2026-11-25T04:00:00Z'].map(plan));
    const range = await b.calendarRange('2026-11-23T16:00:00Z', '2026-11-25T16:00:00Z', everyone, 4);
    expect(range.events.map((e) => e.start)).toEqual([late.planned_start, '2026-11-24T17:00:00Z', '2026-11-25T01:00:00Z', '2026-11-25T02:00:00Z', '2026-11-25T03:00:00Z']);
    expect(range.hidden).toEqual([{ day: '2026-11-25', visits: 2, trips: 0 }]);
    expect(range.events[0]).toEqual({
      id: late.id,
      start: late.planned_start,
      end: late.planned_end,
      status: 'planned',
      awaiting: false,
      lead_id: template.lead_id,
      lead_name: demo.person.find((p) => p.id === template.lead_id)!.name,
      employer_name: demo.employer.find((e) => e.id === template.employer_id)!.name,
      key_employer: demo.employer.find((e) => e.id === template.employer_id)!.is_key,
      trip_id: null,
    });
    const all = await b.calendarRange('2026-11-23T16:00:00Z', '2026-11-25T16:00:00Z', everyone, 200);
    expect(all.events.map((e) => e.id).sort()).toEqual([late, ...day].map((v) => v.id).sort());
    expect(all.hidden).toEqual([]);
  });

  it('marks a completion someone else recorded as waiting for its leader', async () => {
    const b = fakeBackend({}, { store: 'demo', unlocked: true });
    const done = demo.visit.find((v) => v.status === 'completed')!;
    const other = demo.person.find((p) => p.id !== done.lead_id)!.id;
    await b.saveVisit(done.id, { ...dataOf(done), completed_by: other, confirmed_by: null });
    const everyone = { leaders: [], statuses: [], modes: [], key_only: false };
    const awaiting = async () => (await b.calendarRange('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', everyone, 200)).events.find((e) => e.id === done.id)?.awaiting;
    expect(await awaiting()).toBe(true);
    await b.confirmVisit(done.id);
    expect(await awaiting()).toBe(false);
  });
});
