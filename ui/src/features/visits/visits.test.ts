import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { AppState } from '../../lib/app.svelte';
import type { Backend, VisitRow } from '../../lib/backend';
import { FAKE_PASSPHRASE, fakeBackend } from '../../lib/backend/fake';
import { errors } from '../../lib/backend/fixtures';
import { demo, employerNamed, renderIn } from '../../test/harness';
import Shell from '../shell/Shell.svelte';
import VisitEditor from './VisitEditor.svelte';
import VisitList from './VisitList.svelte';

async function visits(backend: Backend): Promise<VisitRow[]> {
  return backend.visitsBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
}

async function plannedVisit(backend: Backend): Promise<VisitRow> {
  const row = (await visits(backend)).find((r) => r.visit.status === 'planned' && r.employer_name === '杭州禾木供应链管理有限公司');
  if (!row) throw new Error('no planned visit');
  return row;
}

describe('visit list', () => {
  it('shows upcoming visits, then past ones', async () => {
    const { app } = await demo();
    renderIn(app, VisitList, {});
    await vi.waitFor(() => expect(screen.getAllByTestId('visit-row')).toHaveLength(3));
    expect(screen.getAllByTestId('visit-row')[0]?.textContent).toContain('杭州禾木供应链管理有限公司');
    await fireEvent.click(screen.getByTestId('visits-past'));
    await vi.waitFor(() => expect(screen.getAllByTestId('visit-row')).toHaveLength(4));
    expect(screen.getAllByTestId('visit-row')[0]?.textContent).toContain('常州恒瑞医疗器械有限公司');
  });

  it('shows a page of a long list, says there are more, and shows more on request', async () => {
    const { app, backend } = await demo();
    // The page is 200 visits; the demo has 4 past ones, so each 200 asked for is 2 here.
    const real = backend.listVisits.bind(backend);
    const list = vi.spyOn(backend, 'listVisits').mockImplementation((past, now, limit) => real(past, now, limit / 100));
    renderIn(app, VisitList, {});
    await fireEvent.click(await screen.findByTestId('visits-past'));
    await vi.waitFor(() => expect(screen.getAllByTestId('visit-row')).toHaveLength(2));
    expect(screen.getByText('显示前 2 次，还有更多')).toBeTruthy();
    expect(screen.getAllByTestId('visit-row')[0]?.textContent).toContain('常州恒瑞医疗器械有限公司');
    await fireEvent.click(screen.getByTestId('visits-more'));
    await vi.waitFor(() => expect(screen.getAllByTestId('visit-row')).toHaveLength(4));
    expect(screen.queryByTestId('visits-more')).toBeNull();
    expect(screen.queryByText(/显示前/)).toBeNull();
    expect(list).toHaveBeenLastCalledWith(true, expect.any(String), 400);
  });
});

describe('planning a visit', () => {
  it('offers the employers the core finds for what is typed, and says when none matches', async () => {
    const { app, backend } = await demo();
    const pick = vi.spyOn(backend, 'pickEmployers');
    const list = vi.spyOn(backend, 'listEmployers');
    renderIn(app, VisitEditor, { id: null, employerId: null });
    const picker = await screen.findByTestId('visit-employer');
    await fireEvent.focus(picker);
    await fireEvent.input(picker, { target: { value: '苏州' } });
    await vi.waitFor(() => expect(screen.getAllByTestId('visit-employer-option').map((o) => o.textContent)).toEqual([expect.stringContaining('苏州澜海智能装备有限公司')]));
    expect(pick).toHaveBeenLastCalledWith('苏州');
    await fireEvent.input(picker, { target: { value: '没有这家单位' } });
    await vi.waitFor(() => expect(screen.getByText('没有找到该用人单位，可先在“用人单位”中新增。')).toBeTruthy());
    expect(screen.queryAllByTestId('visit-employer-option')).toHaveLength(0);
    // The whole list of employers is never asked for.
    expect(list).not.toHaveBeenCalled();
  });

  it('picks the employer by typing, and saves the plan with Ctrl+S', async () => {
    const { app, backend } = await demo();
    const plan = vi.spyOn(backend, 'planVisit');
    renderIn(app, VisitEditor, { id: null, employerId: null });

    const picker = await screen.findByTestId('visit-employer');
    await fireEvent.focus(picker);
    await fireEvent.input(picker, { target: { value: '青桐' } });
    const options = await screen.findAllByTestId('visit-employer-option');
    expect(options).toHaveLength(1);
    await fireEvent.keyDown(picker, { key: 'Enter' });
    expect((picker as HTMLInputElement).value).toBe('上海青桐检测技术服务有限公司');

    await fireEvent.click(screen.getByTestId('visit-mode-hosted'));
    await fireEvent.input(screen.getByTestId('visit-start'), { target: { value: '2026-12-01T14:30' } });
    await fireEvent.input(screen.getByTestId('visit-end'), { target: { value: '2026-12-01T16:00' } });
    await fireEvent.input(screen.getByTestId('visit-objectives'), { target: { value: '邀请来校参加专场招聘会' } });
    await fireEvent.keyDown(screen.getByTestId('visit-objectives'), { key: 's', ctrlKey: true });

    await vi.waitFor(() => expect(plan).toHaveBeenCalledOnce());
    const e = await employerNamed(backend, '上海青桐检测技术服务有限公司');
    expect(plan.mock.calls[0]?.[0]).toMatchObject({
      employer_id: e.id,
      lead_id: app.session.person.id,
      status: 'planned',
      mode: 'hosted',
      planned_start: '2026-12-01T06:30:00Z',
      planned_end: '2026-12-01T08:00:00Z',
      time_zone: 'Asia/Shanghai',
      objectives: '邀请来校参加专场招聘会',
    });
    await vi.waitFor(() => expect(app.router.route).toMatchObject({ name: 'visit', id: expect.any(String) }));
  });

  it('saves a change to a planned visit onto the visit as it is now, keeping what the form does not show', async () => {
    const { app, backend } = await demo();
    const row = await plannedVisit(backend);
    renderIn(app, VisitEditor, { id: row.visit.id, employerId: null });
    await fireEvent.input(await screen.findByTestId('visit-objectives'), { target: { value: '谈共建实习基地' } });
    // Meanwhile a pass of the team folder brings another laptop's change to a field the form does not hold.
    const { id: _, audit: __, ...data } = (await backend.visitDetail(row.visit.id)).visit;
    await backend.saveVisit(row.visit.id, { ...data, cancel_reason: '', summary: '另一台电脑写的纪要' });
    const save = vi.spyOn(backend, 'saveVisit');
    await fireEvent.click(screen.getByTestId('visit-save'));
    await vi.waitFor(() => expect(save).toHaveBeenCalledOnce());
    await vi.waitFor(() => expect(save.mock.results[0]?.type).toBe('return'));
    await expect(save.mock.results[0]?.value).resolves.toBeTruthy();
    expect(save.mock.calls[0]?.[1]).toMatchObject({
      objectives: '谈共建实习基地',
      summary: '另一台电脑写的纪要',
      status: 'planned',
      outcome: row.visit.outcome,
    });
    expect(screen.queryByTestId('visit-error')).toBeNull();
  });

  it('shows the core’s error next to the end time', async () => {
    const { app, backend } = await demo({ planVisit: () => Promise.reject(errors.visit_ends_before_start.error) });
    const plan = vi.spyOn(backend, 'planVisit');
    const e = await employerNamed(backend, '上海青桐检测技术服务有限公司');
    renderIn(app, VisitEditor, { id: null, employerId: e.id });
    await fireEvent.input(await screen.findByTestId('visit-end'), { target: { value: '2020-01-01T08:00' } });
    await fireEvent.click(screen.getByTestId('visit-save'));
    await vi.waitFor(() => expect(plan).toHaveBeenCalledWith(expect.objectContaining({ planned_end: '2020-01-01T00:00:00Z' })));
    expect((await screen.findByTestId('error-visit.planned_end')).textContent).toBe('结束时间早于开始时间，请修改。');
  });
});

describe('completing a visit', () => {
  it('sends the actual times (planned by default), the summary and the outcomes', async () => {
    const { app, backend } = await demo();
    const row = await plannedVisit(backend);
    const complete = vi.spyOn(backend, 'completeVisit');
    renderIn(app, VisitEditor, { id: row.visit.id });

    const section = await screen.findByTestId('visit-complete-section');
    const form = await within(section).findByTestId('complete-form');
    await fireEvent.input(within(form).getByTestId('complete-summary'), { target: { value: '商定共建物流实习基地。' } });
    await fireEvent.click(within(form).getByTestId('complete-channel'));
    await fireEvent.click(within(form).getByTestId('complete-recruitment'));
    await fireEvent.change(within(form).getByTestId('complete-recruitment-mode'), { target: { value: 'online' } });
    await fireEvent.input(within(form).getByTestId('complete-recruitment-on'), { target: { value: '2026-12-10' } });
    await fireEvent.click(within(form).getByTestId('complete-add-job'));
    await fireEvent.input(within(form).getByTestId('job-title'), { target: { value: '仓储管理员' } });
    await fireEvent.input(within(form).getByTestId('job-headcount'), { target: { value: '8' } });
    await fireEvent.input(within(form).getByTestId('job-majors'), { target: { value: '现代物流管理、电子商务' } });
    await fireEvent.change(within(form).getByTestId('job-education'), { target: { value: 'vocational' } });
    await fireEvent.input(within(form).getByTestId('job-location'), { target: { value: '杭州' } });
    await fireEvent.click(within(form).getByTestId('complete-add-base'));
    await fireEvent.input(within(form).getByTestId('base-name'), { target: { value: '禾木供应链实习实践基地' } });
    await fireEvent.click(within(form).getByTestId('complete-submit'));

    await vi.waitFor(() => expect(complete).toHaveBeenCalledOnce());
    const v = row.visit;
    expect(complete).toHaveBeenCalledWith(v.id, {
      actual_start: v.planned_start,
      actual_end: v.planned_end,
      summary: '商定共建物流实习基地。',
      outcome: { channel_established: true, recruitment_agreed: true, recruitment_mode: 'online', recruitment_on: '2026-12-10', exemplary: '' },
      job_postings: [
        {
          employer_id: v.employer_id,
          visit_id: v.id,
          title: '仓储管理员',
          headcount: 8,
          majors: ['现代物流管理', '电子商务'],
          education: 'vocational',
          location: '杭州',
          stage: 'published',
          pay_min: null,
          pay_max: null,
          hired: null,
        },
      ],
      internship_bases: [
        {
          employer_id: v.employer_id,
          visit_id: v.id,
          name: '禾木供应链实习实践基地',
          status: 'signed',
          signed_on: null,
          established_on: null,
          term_ends_on: null,
          capacity: null,
          placements: [],
        },
      ],
    });
    expect(await screen.findByTestId('visit-result')).toBeTruthy();
    expect(screen.getByTestId('visit-status').textContent).toBe('已完成');
    expect(screen.getByTestId('visit-recorded').textContent).toContain('仓储管理员');
  });

  it('cancels a planned visit with a reason', async () => {
    const { app, backend } = await demo();
    const row = await plannedVisit(backend);
    const cancel = vi.spyOn(backend, 'cancelVisit');
    renderIn(app, VisitEditor, { id: row.visit.id });
    await fireEvent.click(await screen.findByTestId('visit-cancel'));
    await fireEvent.input(screen.getByTestId('cancel-reason'), { target: { value: '企业临时接待外宾' } });
    await fireEvent.click(screen.getByTestId('cancel-confirm'));
    await vi.waitFor(() => expect(cancel).toHaveBeenCalledWith(row.visit.id, '企业临时接待外宾'));
    expect((await screen.findByTestId('visit-cancelled-reason')).textContent).toContain('企业临时接待外宾');
    expect(screen.queryByTestId('visit-complete-section')).toBeNull();
  });
});

describe('surveys', () => {
  it('records the demand survey', async () => {
    const { app, backend } = await demo();
    const row = await plannedVisit(backend);
    const save = vi.spyOn(backend, 'saveDemandSurvey');
    renderIn(app, VisitEditor, { id: row.visit.id });
    const section = await screen.findByTestId('demand-section');
    await fireEvent.click(within(section).getByTestId('demand-open'));
    await fireEvent.input(within(section).getByTestId('demand-knowledge'), { target: { value: '熟悉仓储管理系统' } });
    await fireEvent.input(within(section).getByTestId('demand-majors'), { target: { value: '现代物流管理，电子商务' } });
    await fireEvent.input(within(section).getByTestId('demand-planned-hires'), { target: { value: '20' } });
    await fireEvent.click(within(section).getByTestId('demand-save'));
    await vi.waitFor(() => expect(save).toHaveBeenCalledOnce());
    expect(save.mock.calls[0]?.[0]).toMatchObject({
      visit_id: row.visit.id,
      knowledge: '熟悉仓储管理系统',
      majors_wanted: ['现代物流管理', '电子商务'],
      planned_hires: 20,
    });
  });

  it('asks for the three satisfaction ratings, then records the follow-up', async () => {
    const { app, backend } = await demo();
    const row = await plannedVisit(backend);
    const unrated = errors.followup_unrated;
    const save = vi.spyOn(backend, 'saveFollowupSurvey').mockRejectedValueOnce(unrated.error);
    renderIn(app, VisitEditor, { id: row.visit.id });
    const section = await screen.findByTestId('followup-section');
    await fireEvent.click(within(section).getByTestId('followup-open'));
    await fireEvent.click(within(section).getByTestId('followup-save'));
    await vi.waitFor(() => expect(save).toHaveBeenCalledOnce());
    const { satisfaction_moral, satisfaction_literacy, satisfaction_ability } = unrated.input;
    expect(save.mock.calls[0]?.[0]).toMatchObject({ satisfaction_moral, satisfaction_literacy, satisfaction_ability });
    expect((await within(section).findByTestId('error-followup_survey.satisfaction_moral')).textContent).toBe('请为思想道德品质评 1–5 分。');

    const rate = async (which: string, n: number) =>
      fireEvent.click(within(within(section).getByTestId(`followup-${which}`)).getByDisplayValue(String(n)));
    await rate('satisfaction_moral', 5);
    await rate('satisfaction_literacy', 4);
    await rate('satisfaction_ability', 3);
    await fireEvent.click(within(section).getByTestId('followup-add-graduate'));
    await fireEvent.input(within(section).getByTestId('graduate-name'), { target: { value: '李婷' } });
    await fireEvent.input(within(section).getByTestId('graduate-year'), { target: { value: '2024' } });
    await fireEvent.click(within(section).getByTestId('followup-save'));

    await vi.waitFor(() => expect(save).toHaveBeenCalledTimes(2));
    expect(save.mock.calls[1]?.[0]).toMatchObject({
      visit_id: row.visit.id,
      satisfaction_moral: 5,
      satisfaction_literacy: 4,
      satisfaction_ability: 3,
      graduates: [{ name: '李婷', grad_year: 2024, major: '', position: '' }],
    });
    // Saving reloads the visit; the section shows the recorded ratings.
    expect((await screen.findByTestId('followup-summary')).textContent).toContain('思想道德品质 5');
  });
});

describe('drafts', () => {
  it('keeps typed text when navigating away and restores it on return', async () => {
    const backend = fakeBackend({}, { store: 'demo' });
    const status = await backend.storeStatus();
    const session = await backend.unlock(status.people[0]?.person_id ?? '', FAKE_PASSPHRASE);
    const saveDraft = vi.spyOn(backend, 'saveDraft');
    render(Shell, { backend, session, onlock: vi.fn(), start: { name: 'visits' } });

    await fireEvent.click(await screen.findByTestId('visit-new'));
    const objectives = await screen.findByTestId('visit-objectives');
    await fireEvent.input(objectives, { target: { value: '洽谈共建订单班' } });
    await fireEvent.click(screen.getByTestId('nav-dashboard'));
    await screen.findByTestId('page-dashboard');
    // Written as the editor closes, not after the typing pause.
    expect(saveDraft).toHaveBeenCalledWith('visit:new', expect.stringContaining('洽谈共建订单班'));

    await fireEvent.click(screen.getByTestId('nav-visits'));
    await fireEvent.click(await screen.findByTestId('visit-new'));
    expect(((await screen.findByTestId('visit-objectives')) as HTMLTextAreaElement).value).toBe('洽谈共建订单班');
    expect(screen.getByTestId('draft-restored')).toBeTruthy();
  });

  it('keeps a draft of the completion form too, and drops it once saved', async () => {
    const { app, backend } = await demo();
    const row = await plannedVisit(backend);
    const first = renderIn(app, VisitEditor, { id: row.visit.id });
    await fireEvent.input(await screen.findByTestId('complete-summary'), { target: { value: '初步达成合作意向' } });
    first.unmount();
    await vi.waitFor(async () => expect(await backend.draft(`visit:${row.visit.id}:complete`)).toContain('初步达成合作意向'));

    renderIn(app, VisitEditor, { id: row.visit.id });
    const summary = (await screen.findByTestId('complete-summary')) as HTMLTextAreaElement;
    await vi.waitFor(() => expect(summary.value).toBe('初步达成合作意向'));
    await fireEvent.click(screen.getByTestId('complete-submit'));
    await vi.waitFor(async () => expect(await backend.draft(`visit:${row.visit.id}:complete`)).toBeNull());
  });

  it('Esc leaves the editor without losing the draft', async () => {
    const backend = fakeBackend({}, { store: 'demo' });
    const status = await backend.storeStatus();
    const session = await backend.unlock(status.people[0]?.person_id ?? '', FAKE_PASSPHRASE);
    render(Shell, { backend, session, onlock: vi.fn(), start: { name: 'visits' } });

    await fireEvent.click(await screen.findByTestId('visit-new'));
    const notes = await screen.findByTestId('visit-notes');
    await fireEvent.input(notes, { target: { value: '高铁 G7 次，09:00 到站' } });
    await fireEvent.keyDown(notes, { key: 'Escape' });

    expect(await screen.findByTestId('page-visits')).toBeTruthy();
    await vi.waitFor(async () => expect(await backend.draft('visit:new')).toContain('高铁 G7 次'));
  });
});

describe('visits of leaders one does not work for', () => {
  const NEEDS = '需要权限：处理该校领导的走访和行程';

  it('are shown, but cannot be changed, completed, cancelled or deleted', async () => {
    // 王珊 assists nobody in the demo store, so works for herself only.
    const { app, backend } = await demo({}, {}, '王珊');
    const row = await plannedVisit(backend);
    renderIn(app, VisitEditor, { id: row.visit.id });
    expect((await screen.findByTestId('visit-locked')).textContent).toBe(NEEDS);
    await screen.findByTestId('visit-save');
    for (const id of ['visit-cancel', 'visit-delete', 'visit-save', 'complete-open', 'demand-open', 'followup-open']) {
      const button = screen.getByTestId(id) as HTMLButtonElement;
      expect(button.disabled, id).toBe(true);
      expect(button.title, id).toBe(NEEDS);
    }
    expect((screen.getByTestId('visit-objectives') as HTMLTextAreaElement).matches(':disabled')).toBe(true);
    expect((screen.getByTestId('visit-objectives') as HTMLTextAreaElement).value).toBe(row.visit.objectives);
  });

  it('can all be worked on by an admin', async () => {
    const { app, backend } = await demo();
    const row = await plannedVisit(backend);
    renderIn(app, VisitEditor, { id: row.visit.id });
    await screen.findByTestId('visit-status');
    for (const id of ['visit-cancel', 'visit-delete', 'visit-save', 'complete-submit', 'demand-open']) {
      expect(((await screen.findByTestId(id)) as HTMLButtonElement).disabled, id).toBe(false);
    }
    expect(screen.queryByTestId('visit-locked')).toBeNull();
  });

  it('become the assistant’s to plan once they assist the leader', async () => {
    const { backend } = await demo();
    const people = await backend.listPeople();
    const wang = people.find((p) => p.name === '王珊')!;
    const row = await plannedVisit(backend);
    await backend.setAccess(wang.id, 'assistant', [row.visit.lead_id], '');
    await backend.lock();
    const session = await backend.unlock(wang.id, FAKE_PASSPHRASE);
    const app = new AppState(backend, session);
    renderIn(app, VisitEditor, { id: row.visit.id });
    await screen.findByTestId('visit-status');
    await screen.findByTestId('visit-save');
    expect((screen.getByTestId('visit-cancel') as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByTestId('visit-save') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByTestId('visit-locked')).toBeNull();
  });
});

describe('a completion someone else recorded (待确认)', () => {
  const NEEDS = '需要权限：确认他人代为记录的走访';

  /**
   * The demo store with 王珊 assisting 陈立新, and 陈立新's completed visit recorded by her: it
   * waits for his confirmation. Unlocked as `as`.
   */
  async function awaiting(as: string) {
    const { backend } = await demo();
    const people = await backend.listPeople();
    const id = (name: string): string => people.find((p) => p.name === name)!.id;
    const row = (await visits(backend)).find((r) => r.visit.status === 'completed' && r.visit.lead_id === id('陈立新'))!;
    await backend.setAccess(id('王珊'), 'assistant', [id('陈立新')], '');
    const { id: visitId, audit, ...data } = row.visit;
    void audit;
    await backend.saveVisit(visitId, { ...data, completed_by: id('王珊'), confirmed_by: null });
    await backend.lock();
    const session = await backend.unlock(id(as), FAKE_PASSPHRASE);
    return { backend, app: new AppState(backend, session), visitId };
  }

  it('is marked on the visit, and its leader confirms it', async () => {
    const { app, backend, visitId } = await awaiting('陈立新');
    const confirm = vi.spyOn(backend, 'confirmVisit');
    renderIn(app, VisitEditor, { id: visitId });

    expect((await screen.findByTestId('visit-awaiting')).textContent).toBe('待确认');
    expect((await screen.findByTestId('visit-awaiting-note')).textContent).toBe('完成情况由王珊记录，需由带队校领导或管理员确认。');
    const button = screen.getByTestId('visit-confirm') as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    expect(button.title).toBe('');
    expect(screen.queryByTestId('visit-confirm-needs')).toBeNull();

    await fireEvent.click(button);
    expect(confirm).toHaveBeenCalledWith(visitId);
    await vi.waitFor(() => expect(screen.queryByTestId('visit-awaiting')).toBeNull());
    expect(screen.queryByTestId('visit-confirm')).toBeNull();
    expect(screen.queryByTestId('visit-awaiting-note')).toBeNull();
    expect(app.toasts.items.map((n) => n.text)).toContain('已确认这次走访的完成情况');
  });

  it('may be confirmed by an admin too', async () => {
    const { app, visitId } = await awaiting('周明远');
    renderIn(app, VisitEditor, { id: visitId });
    expect(((await screen.findByTestId('visit-confirm')) as HTMLButtonElement).disabled).toBe(false);
  });

  it('cannot be confirmed by the assistant who recorded it, who is told the right it needs', async () => {
    const { app, backend, visitId } = await awaiting('王珊');
    const confirm = vi.spyOn(backend, 'confirmVisit');
    renderIn(app, VisitEditor, { id: visitId });
    expect((await screen.findByTestId('visit-awaiting')).textContent).toBe('待确认');
    const button = screen.getByTestId('visit-confirm') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.title).toBe(NEEDS);
    expect(screen.getByTestId('visit-confirm-needs').textContent).toBe(NEEDS);
    await fireEvent.click(button);
    expect(confirm).not.toHaveBeenCalled();
  });

  it('is marked in the list of visits, where its leader confirms it too', async () => {
    const { app, backend, visitId } = await awaiting('陈立新');
    const confirm = vi.spyOn(backend, 'confirmVisit');
    renderIn(app, VisitList, {});
    await fireEvent.click(await screen.findByTestId('visits-past'));
    await vi.waitFor(() => expect(screen.getAllByTestId('visit-awaiting')).toHaveLength(1));
    const row = screen.getAllByTestId('visit-row').find((r) => within(r).queryByTestId('visit-awaiting'))!;
    expect(row.textContent).toContain('陈立新');
    await fireEvent.click(within(row).getByTestId('visit-confirm'));
    expect(confirm).toHaveBeenCalledWith(visitId);
    await vi.waitFor(() => expect(screen.queryByTestId('visit-awaiting')).toBeNull());
  });

  it('says the right a refusal names', async () => {
    const { app, visitId } = await awaiting('陈立新');
    const refused = { code: 'access.forbidden' as const, message: 'no', field: null, right: 'confirm_visits' as const };
    vi.spyOn(app.backend, 'confirmVisit').mockRejectedValueOnce(refused);
    renderIn(app, VisitEditor, { id: visitId });
    await fireEvent.click(await screen.findByTestId('visit-confirm'));
    await vi.waitFor(() =>
      expect(app.toasts.items.map((n) => n.text)).toContain('你没有进行此操作的权限（需要权限：确认他人代为记录的走访）。如需办理，请联系管理员。'),
    );
    expect(screen.getByTestId('visit-awaiting')).toBeTruthy();
  });
});

describe('a visit’s history', () => {
  it('is on the page of a saved visit, read when asked for and again when the visit changes', async () => {
    const { app, backend } = await demo();
    const row = await plannedVisit(backend);
    const read = vi.spyOn(backend, 'recordHistory').mockResolvedValue([
      { at: '2026-10-12T06:30:00Z', op: 'update', by: row.visit.lead_id, by_name: '林晓岚', device: 'dev-lin', device_name: '林校长的笔记本', fields: ['objectives'] },
    ]);
    renderIn(app, VisitEditor, { id: row.visit.id });

    await fireEvent.click(await screen.findByTestId('history-show'));
    expect(read).toHaveBeenCalledWith('visit', row.visit.id);
    const [entry] = await screen.findAllByTestId('history-row');
    expect(entry!.textContent).toContain('在「林校长的笔记本」上');
    expect(entry!.textContent).toContain('走访目标与洽谈要点');

    await fireEvent.click(screen.getByTestId('visit-cancel'));
    await fireEvent.input(screen.getByTestId('cancel-reason'), { target: { value: '企业临时接待外宾' } });
    await fireEvent.click(screen.getByTestId('cancel-confirm'));
    await screen.findByTestId('visit-cancelled-reason');
    await vi.waitFor(() => expect(read).toHaveBeenCalledTimes(2));
  });

  it('is not on the page of a visit being planned', async () => {
    const { app } = await demo();
    renderIn(app, VisitEditor, { id: null, employerId: null });
    await screen.findByTestId('visit-form');
    expect(screen.queryByTestId('record-history')).toBeNull();
  });
});

describe('notes, follow-ups and recruitment events on the visit page', () => {
  it('adds a note from the visit, shown first with its date', async () => {
    const { app, backend } = await demo();
    const row = await plannedVisit(backend);
    const v = row.visit;
    await backend.saveNote(null, { employer_id: v.employer_id, visit_id: v.id, written_on: '2026-11-01', body: '先电话约了时间' });
    const save = vi.spyOn(backend, 'saveNote');
    renderIn(app, VisitEditor, { id: v.id });

    const card = await screen.findByTestId('notes-card');
    await vi.waitFor(() => expect(within(card).getAllByTestId('note-row')).toHaveLength(1));
    await fireEvent.click(within(card).getByTestId('note-add'));
    await fireEvent.input(within(card).getByTestId('note-body'), { target: { value: '对方希望\n先来校参观实训室' } });
    await fireEvent.click(within(card).getByTestId('note-save'));

    await vi.waitFor(() => expect(save).toHaveBeenCalledOnce());
    expect(save).toHaveBeenCalledWith(null, { employer_id: v.employer_id, visit_id: v.id, written_on: '2026-11-18', body: '对方希望\n先来校参观实训室' });
    await vi.waitFor(() => expect(within(card).getAllByTestId('note-row')).toHaveLength(2));
    const [first, second] = within(card).getAllByTestId('note-row');
    expect(first?.textContent).toContain('2026-11-18');
    expect(within(first!).getByTestId('note-body-text').textContent).toBe('对方希望\n先来校参观实训室');
    expect(second?.textContent).toContain('先电话约了时间');
    expect(within(card).queryByTestId('note-form')).toBeNull();
  });

  it('lists the recruitment events the visit agreed', async () => {
    const { app, backend } = await demo();
    const row = await plannedVisit(backend);
    const v = row.visit;
    await backend.saveRecruitmentEvent(null, {
      kind: 'online_talk',
      employer_id: v.employer_id,
      co_employer_ids: [],
      visit_id: v.id,
      held_on: '2026-12-03',
      venue: '',
      link: 'https://meeting.example.cn/8848',
      majors: ['现代物流管理'],
      attended: null,
      offers: null,
      notes: '',
    });
    renderIn(app, VisitEditor, { id: v.id });
    const [event] = await within(await screen.findByTestId('events-card')).findAllByTestId('event-row');
    expect(within(event!).getByTestId('event-kind-badge').textContent).toBe('空中宣讲');
    expect(event!.textContent).toContain('https://meeting.example.cn/8848');
  });
});

describe('the follow-up three days after a visit (三天后回访)', () => {
  it('is added in one click, for the person at the keyboard, due three days after the visit', async () => {
    const { app, backend } = await demo();
    const done = (await visits(backend)).find((r) => r.visit.status === 'completed' && r.employer_name === '苏州澜海智能装备有限公司')!;
    const save = vi.spyOn(backend, 'saveTask');
    renderIn(app, VisitEditor, { id: done.visit.id });

    const section = await screen.findByTestId('visit-complete-section');
    await fireEvent.click(within(section).getByTestId('followup-3days'));
    await vi.waitFor(() => expect(save).toHaveBeenCalledOnce());
    // The visit took place on 2026-10-19 (Asia/Shanghai).
    expect(save).toHaveBeenCalledWith(null, {
      title: '回访苏州澜海智能装备有限公司',
      due_on: '2026-10-22',
      owner_id: app.session.person.id,
      visit_id: done.visit.id,
      employer_id: done.visit.employer_id,
      done_on: null,
      notes: '',
    });
    expect((await screen.findByTestId('followup-3days-done')).textContent).toBe('已添加回访任务 2026-10-22');
    expect(screen.queryByTestId('followup-3days')).toBeNull();
    // The visit's follow-ups list it beside the one it had.
    await vi.waitFor(() => expect(within(screen.getByTestId('tasks-card')).getAllByTestId('task-row')).toHaveLength(2));
    expect(screen.getByTestId('tasks-card').textContent).toContain('回访苏州澜海智能装备有限公司');
  });

  it('is not offered before the visit took place', async () => {
    const { app, backend } = await demo();
    const row = await plannedVisit(backend);
    renderIn(app, VisitEditor, { id: row.visit.id });
    await screen.findByTestId('complete-form');
    expect(screen.queryByTestId('followup-3days')).toBeNull();
  });
});

describe('planning a cancelled visit again', () => {
  it('plans a new visit a week later at the same times by default, and goes to it', async () => {
    const { app, backend } = await demo();
    const row = await plannedVisit(backend);
    await backend.cancelVisit(row.visit.id, '企业临时接待外宾');
    const replan = vi.spyOn(backend, 'replanVisit');
    renderIn(app, VisitEditor, { id: row.visit.id }, { name: 'visit', id: row.visit.id });

    await fireEvent.click(await screen.findByTestId('visit-replan'));
    const form = screen.getByTestId('visit-replan-form');
    // Planned 2026-11-19 14:00–16:00 in Shanghai: a week later, same hours.
    expect((within(form).getByTestId('replan-date') as HTMLInputElement).value).toBe('2026-11-26');
    expect((within(form).getByTestId('replan-start') as HTMLInputElement).value).toBe('14:00');
    expect((within(form).getByTestId('replan-end') as HTMLInputElement).value).toBe('16:00');
    await fireEvent.input(within(form).getByTestId('replan-date'), { target: { value: '2026-11-27' } });
    await fireEvent.click(within(form).getByTestId('replan-submit'));

    await vi.waitFor(() => expect(replan).toHaveBeenCalledOnce());
    expect(replan).toHaveBeenCalledWith(row.visit.id, '2026-11-27T06:00:00Z', '2026-11-27T08:00:00Z');
    const again = await replan.mock.results[0]!.value;
    await vi.waitFor(() => expect(app.router.route).toEqual({ name: 'visit', id: again.id }));
    expect(again).toMatchObject({ status: 'planned', replan_of: row.visit.id, employer_id: row.visit.employer_id, lead_id: row.visit.lead_id });
  });

  it('links the cancelled visit and the one that plans it again', async () => {
    const { app, backend } = await demo();
    const row = await plannedVisit(backend);
    await backend.cancelVisit(row.visit.id, '企业临时接待外宾');
    const again = await backend.replanVisit(row.visit.id, '2026-11-26T06:00:00Z', '2026-11-26T08:00:00Z');

    const old = renderIn(app, VisitEditor, { id: row.visit.id });
    await fireEvent.click(await screen.findByTestId('visit-replanned-as'));
    expect(screen.queryByTestId('visit-replan')).toBeNull();
    expect(app.router.route).toEqual({ name: 'visit', id: again.id });
    old.unmount();

    renderIn(app, VisitEditor, { id: again.id });
    await fireEvent.click(await screen.findByTestId('visit-replan-of'));
    expect(app.router.route).toEqual({ name: 'visit', id: row.visit.id });
  });

  it('is not offered for a visit that was not cancelled', async () => {
    const { app, backend } = await demo();
    const row = await plannedVisit(backend);
    renderIn(app, VisitEditor, { id: row.visit.id });
    await screen.findByTestId('visit-form');
    expect(screen.queryByTestId('visit-replan')).toBeNull();
    expect(screen.queryByTestId('visit-replan-of')).toBeNull();
  });
});
