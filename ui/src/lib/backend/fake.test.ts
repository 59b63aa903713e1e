import { describe, expect, it } from 'vitest';
import { FAKE_PASSPHRASE, fakeBackend } from './fake';
import { demo, errors, imports } from './fixtures';

const ALL = { industry: null, region: null, key_only: false, origin: null, limit: null };

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

  it('answers the import wizard from the core’s answers only, and says when it has none', async () => {
    const b = fakeBackend({}, { store: 'demo', unlocked: true });
    await b.pickImportFile();
    const known = imports.sample.previews[0]!;
    expect(await b.previewImport(known.options)).toEqual(known.preview);
    await expect(b.previewImport({ ...known.options, header_row: 7 })).rejects.toThrow(/no answer/);
  });
});
