import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Hit } from '../../lib/backend';
import { searchHits } from '../../lib/backend/fixtures';
import { demo, employerNamed, renderIn } from '../../test/harness';

/** The demo store with the core's search: its hits for the queries the tests type. */
const withSearch = () => demo({ search: async (q) => searchHits[q] ?? [] });
import SearchPalette from './SearchPalette.svelte';

describe('global search', () => {
  it('groups results by kind with a snippet, and opens the one clicked', async () => {
    const { app, backend } = await withSearch();
    const onclose = vi.fn();
    renderIn(app, SearchPalette, { onclose });

    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: '机电一体化' } });
    await vi.waitFor(() => expect(screen.getAllByTestId('search-group').length).toBeGreaterThan(1), { timeout: 2000 });
    const groups = screen.getAllByTestId('search-group').map((g) => g.getAttribute('aria-label'));
    expect(groups).toEqual(expect.arrayContaining(['联系人', '岗位', '社会需求调查']));
    const contact = within(screen.getAllByTestId('search-group').find((g) => g.getAttribute('aria-label') === '联系人') as HTMLElement);
    const hit = contact.getByTestId('search-result');
    expect(hit.textContent).toContain('赵敏');
    expect(hit.textContent).toContain('苏州澜海智能装备有限公司');
    expect(hit.textContent).toContain('机电一体化技术');

    await fireEvent.mouseDown(hit);
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    await vi.waitFor(() => expect(app.router.route).toEqual({ name: 'employer', id: e.id }));
    expect(onclose).toHaveBeenCalled();
  });

  it('opens the first result with Enter', async () => {
    const { app, backend } = await withSearch();
    renderIn(app, SearchPalette, { onclose: vi.fn() });
    const input = screen.getByTestId('search-input');
    await fireEvent.input(input, { target: { value: '青桐' } });
    await screen.findAllByTestId('search-result', {}, { timeout: 2000 });
    await fireEvent.keyDown(input, { key: 'Enter' });
    const e = await employerNamed(backend, '上海青桐检测技术服务有限公司');
    await vi.waitFor(() => expect(app.router.route).toEqual({ name: 'employer', id: e.id }));
  });

  it('opens a note on its employer’s page, or its visit’s, scrolled to it', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '南京云栖软件股份有限公司');
    const note: Hit = { kind: 'note', id: 'n-1', title: '2026-11-10', employer: e.name, employer_id: e.id, visit_id: null, snippet: '寄送了校企合作协议' };
    const fromVisit: Hit = { ...note, id: 'n-2', visit_id: 'v-1', snippet: '对方希望先来校参观' };
    vi.spyOn(backend, 'search').mockResolvedValue([note, fromVisit]);
    const onclose = vi.fn();
    renderIn(app, SearchPalette, { onclose });

    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: '协议' } });
    const group = await screen.findByTestId('search-group', {}, { timeout: 2000 });
    expect(group.getAttribute('aria-label')).toBe('备注');
    const [first, second] = within(group).getAllByTestId('search-result');
    await fireEvent.mouseDown(first!);
    expect(app.router.route).toEqual({ name: 'employer', id: e.id, noteId: 'n-1' });
    await fireEvent.mouseDown(second!);
    expect(app.router.route).toEqual({ name: 'visit', id: 'v-1', noteId: 'n-2' });
    expect(onclose).toHaveBeenCalledTimes(2);
  });

  it('groups a paired school and the jobs it shared, and opens the sharing page', async () => {
    const { app, backend } = await demo();
    const job: Hit = { kind: 'shared_job', id: 'sj-1', title: '数控工程师', employer: '绿叶精密（苏州）', employer_id: null, visit_id: null, snippet: '机电一体化技术' };
    const pair: Hit = { kind: 'paired_school', id: 'ps-1', title: '示范大学', employer: null, employer_id: null, visit_id: null, snippet: '4132010001' };
    vi.spyOn(backend, 'search').mockResolvedValue([pair, job]);
    renderIn(app, SearchPalette, { onclose: vi.fn() });

    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: '数控' } });
    await vi.waitFor(() => expect(screen.getAllByTestId('search-group')).toHaveLength(2), { timeout: 2000 });
    expect(screen.getAllByTestId('search-group').map((g) => g.getAttribute('aria-label'))).toEqual(['共享岗位', '对口高校']);
    await fireEvent.mouseDown(screen.getAllByTestId('search-result')[0]!);
    expect(app.router.route).toEqual({ name: 'sharing' });
  });

  it('opens an attachment on the page that shows it: its visit’s, else its employer’s', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '南京云栖软件股份有限公司');
    const onVisit: Hit = { kind: 'attachment', id: 'a-1', title: '座谈会合影.jpg', employer: e.name, employer_id: e.id, visit_id: 'v-1', snippet: '与企业负责人座谈' };
    const onPosting: Hit = { ...onVisit, id: 'a-2', title: '岗位说明.pdf', visit_id: null, snippet: '' };
    vi.spyOn(backend, 'search').mockResolvedValue([onVisit, onPosting]);
    renderIn(app, SearchPalette, { onclose: vi.fn() });

    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: '座谈' } });
    const group = await screen.findByTestId('search-group', {}, { timeout: 2000 });
    expect(group.getAttribute('aria-label')).toBe('附件');
    const [first, second] = within(group).getAllByTestId('search-result');
    await fireEvent.mouseDown(first!);
    expect(app.router.route).toEqual({ name: 'visit', id: 'v-1' });
    await fireEvent.mouseDown(second!);
    expect(app.router.route).toEqual({ name: 'employer', id: e.id });
  });

  it('says when nothing matches', async () => {
    const { app } = await withSearch();
    renderIn(app, SearchPalette, { onclose: vi.fn() });
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: '无此单位' } });
    expect((await screen.findByTestId('search-empty', {}, { timeout: 2000 })).textContent).toContain('无此单位');
  });
});
