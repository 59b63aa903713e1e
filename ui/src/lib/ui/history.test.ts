import { fireEvent, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n/index.svelte';
import type { HistoryEntry, IpcError } from '../backend';
import { demo as store, errors } from '../backend/fixtures';
import { demo, renderIn } from '../../test/harness';
import RecordHistory from './RecordHistory.svelte';

afterEach(() => setLocale('zh-CN'));

const [ZHOU, LIN] = store.person.map((p) => p.id) as [string, string];
const VISIT = store.visit[0]!;
const GONE = '00000000-0000-7000-8000-0000000000ff';

/** A visit's history as the core tells it, newest first. */
const HISTORY: HistoryEntry[] = [
  // Synced from 林晓岚's laptop; a field the UI has no label for keeps its key.
  { at: '2026-10-12T06:30:00Z', op: 'update', by: LIN, by_name: '林晓岚', device: 'dev-lin', device_name: '林校长的笔记本', fields: ['guests', 'objectives', 'legacy_flag'] },
  // Made on this laptop.
  { at: '2026-10-11T01:05:00Z', op: 'update', by: ZHOU, by_name: '周明远', device: null, device_name: null, fields: ['summary'] },
  { at: '2026-10-10T09:00:00Z', op: 'restore', by: ZHOU, by_name: '周明远', device: null, device_name: null, fields: [] },
  // From a laptop the team no longer knows, by someone no longer in the store.
  { at: '2026-10-09T16:20:00Z', op: 'create', by: GONE, by_name: null, device: 'dev-old', device_name: null, fields: ['employer_id', 'lead_id'] },
];

const text = (el: HTMLElement): string => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const fields = (row: HTMLElement): string[] => within(row).queryAllByTestId('history-field').map(text);

describe('a record’s history', () => {
  it('is read only when asked for, then tells each change: when, what, who, on which laptop, and which fields', async () => {
    const { app, backend } = await demo({}, { history: { [VISIT.id]: HISTORY } });
    const read = vi.spyOn(backend, 'recordHistory');
    renderIn(app, RecordHistory, { kind: 'visit', id: VISIT.id });

    expect(text(screen.getByTestId('record-history'))).toContain('修改记录');
    expect(screen.queryByTestId('history-list')).toBeNull();
    expect(read).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('history-show'));
    expect(read).toHaveBeenCalledWith('visit', VISIT.id);
    const rows = await screen.findAllByTestId('history-row');
    expect(rows).toHaveLength(4);
    const [synced, local, restored, created] = rows as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];

    // In the campaign's zone (Asia/Shanghai).
    expect(within(synced).getByTestId('history-at').textContent).toBe('2026-10-12 14:30');
    expect(within(synced).getByTestId('history-op').textContent).toBe('修改');
    expect(within(synced).getByTestId('history-by').textContent).toBe('林晓岚');
    expect(within(synced).getByTestId('history-device').textContent).toBe('在「林校长的笔记本」上');
    expect(fields(synced)).toEqual(['其他同行人员', '走访目标与洽谈要点', 'legacy_flag']);

    expect(within(local).getByTestId('history-at').textContent).toBe('2026-10-11 09:05');
    expect(within(local).getByTestId('history-by').textContent).toBe('周明远');
    expect(within(local).queryByTestId('history-device')).toBeNull();
    expect(fields(local)).toEqual(['走访纪要']);

    expect(within(restored).getByTestId('history-op').textContent).toBe('恢复');
    expect(fields(restored)).toEqual([]);

    // Someone gone is named by their id; a laptop without a name is still another one.
    expect(within(created).getByTestId('history-op').textContent).toBe('创建');
    expect(within(created).getByTestId('history-by').textContent).toBe(GONE);
    expect(within(created).getByTestId('history-device').textContent).toBe('在另一台笔记本上');
    expect(fields(created)).toEqual([]);

    await fireEvent.click(screen.getByTestId('history-hide'));
    expect(screen.queryByTestId('history-list')).toBeNull();
    expect(screen.getByTestId('history-show')).toBeTruthy();
  });

  it('says when there is none', async () => {
    const { app } = await demo();
    renderIn(app, RecordHistory, { kind: 'employer', id: store.employer[0]!.id });
    await fireEvent.click(screen.getByTestId('history-show'));
    expect((await screen.findByTestId('history-none')).textContent).toBe('还没有修改记录。');
    expect(screen.queryByTestId('history-row')).toBeNull();
  });

  it('says in words why it could not be read, and reads it again when asked', async () => {
    const refused: IpcError = errors.not_found.error;
    const { app, backend } = await demo({}, { history: { [VISIT.id]: HISTORY } });
    const read = vi.spyOn(backend, 'recordHistory').mockRejectedValueOnce(refused);
    renderIn(app, RecordHistory, { kind: 'visit', id: VISIT.id });

    await fireEvent.click(screen.getByTestId('history-show'));
    expect((await screen.findByTestId('history-error')).textContent).toBe('找不到这条记录，它可能已被移到回收站。请刷新页面或到回收站查看。');
    expect(screen.queryByTestId('history-list')).toBeNull();
    expect(app.toasts.items).toHaveLength(0);

    await fireEvent.click(screen.getByTestId('history-show'));
    expect(await screen.findAllByTestId('history-row')).toHaveLength(4);
    expect(screen.queryByTestId('history-error')).toBeNull();
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('is read again while shown when the page reads the record again, or records change behind its back', async () => {
    const { app, backend } = await demo({}, { history: { [VISIT.id]: HISTORY } });
    const read = vi.spyOn(backend, 'recordHistory');
    const { rerender } = renderIn(app, RecordHistory, { kind: 'visit', id: VISIT.id, version: 1 });
    await fireEvent.click(screen.getByTestId('history-show'));
    await screen.findAllByTestId('history-row');
    expect(read).toHaveBeenCalledTimes(1);

    await rerender({ kind: 'visit', id: VISIT.id, version: 2 });
    await vi.waitFor(() => expect(read).toHaveBeenCalledTimes(2));
    app.changed();
    await vi.waitFor(() => expect(read).toHaveBeenCalledTimes(3));
  });

  it('says it in English too', async () => {
    setLocale('en');
    const { app } = await demo({}, { history: { [VISIT.id]: HISTORY } });
    renderIn(app, RecordHistory, { kind: 'visit', id: VISIT.id });
    await fireEvent.click(screen.getByTestId('history-show'));
    const [synced] = await screen.findAllByTestId('history-row');
    expect(within(synced!).getByTestId('history-op').textContent).toBe('Edited');
    expect(within(synced!).getByTestId('history-device').textContent).toBe('on “林校长的笔记本”');
    expect(fields(synced!)).toEqual(['Other participants', 'Objectives and talking points', 'legacy_flag']);
  });
});
