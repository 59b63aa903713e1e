import { describe, expect, it } from 'vitest';
import { creditCheckChar, FAKE_PASSPHRASE, fakeBackend, nameKey } from './fake';

const NOW = () => new Date('2026-11-18T02:00:00Z');

describe('the fake backend', () => {
  it('computes credit-code check characters like GB 32100', () => {
    expect(creditCheckChar('91350100M000100Y4')).toBe('3');
    expect(nameKey('苏州澜海（智能）有限责任公司')).toBe(nameKey('苏州澜海 (智能)有限公司'));
  });

  it('seeds a demo store that unlocks with the demo passphrase only', async () => {
    const b = fakeBackend({}, { store: 'demo', now: NOW });
    const status = await b.storeStatus();
    expect(status.exists).toBe(true);
    expect(status.people.length).toBeGreaterThan(2);
    const first = status.people[0]?.person_id ?? '';
    await expect(b.unlock(first, 'nope')).rejects.toMatchObject({ code: 'store.wrong_secret' });
    await expect(b.dashboard()).rejects.toMatchObject({ code: 'store.locked' });
    const session = await b.unlock(first, FAKE_PASSPHRASE);
    expect(session.person.id).toBe(first);
    const d = await b.dashboard();
    expect(d.figures.job_postings).toBe(1);
    expect(d.this_week.length).toBeGreaterThan(0);
    expect(d.overdue.length).toBe(1);
  });

  it('undoes the last change and restores from the trash', async () => {
    const b = fakeBackend({}, { store: 'demo', unlocked: true, now: NOW });
    const [first] = await b.listEmployers({ industry: null, region: null, key_only: false, origin: null, limit: null });
    if (!first) throw new Error('no employers');
    const moved = await b.deleteRecord('employer', first.id);
    expect(moved).toBeGreaterThan(1);
    expect((await b.trash())[0]?.id).toBe(first.id);
    expect(await b.restore('employer', first.id)).toBe(moved);
    expect(await b.trash()).toEqual([]);
    await b.undo();
    expect((await b.trash())[0]?.id).toBe(first.id);
  });
});
