import { fireEvent, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n/index.svelte';
import type { Audit, IpcError, PairRow, SharedJob, SharedJobRow } from '../../lib/backend';
import { FAKE_PAIR, FAKE_PAIRING_FINGERPRINT, FAKE_SHARED_HEADCOUNT } from '../../lib/backend/fake';
import { demo as store } from '../../lib/backend/fixtures';
import { demo, employerNamed, renderIn } from '../../test/harness';
import EmployerDetail from '../employers/EmployerDetail.svelte';
import Sharing from './Sharing.svelte';

afterEach(() => setLocale('zh-CN'));

const AUDIT: Audit = { created_at: '2026-10-12T06:30:00Z', updated_at: '2026-10-12T06:30:00Z', created_by: '', updated_by: '', deleted_at: null };
const PAIR_ID = '00000000-0000-7000-8000-0000000000a1';
const LANHAI = store.employer.find((e) => e.name === '苏州澜海智能装备有限公司')!;
const POSTING = store.job_posting[0]!;

/** 示范大学, paired: 20 openings shared with it, 1 placement it reported, 3 jobs it shared here. */
const PAIR: PairRow = { pair: { id: PAIR_ID, audit: AUDIT, ...FAKE_PAIR }, fingerprint: FAKE_PAIRING_FINGERPRINT, jobs_shared: 20, placements_reported: 1, received: 3 };
/** Another paired school, which shared nothing here. */
const OTHER: PairRow = {
  pair: { id: '00000000-0000-7000-8000-0000000000a2', audit: AUDIT, ...FAKE_PAIR, name: '东岭学院', school_code: '4132010009' },
  fingerprint: '1111 2222 3333 4444',
  jobs_shared: 0,
  placements_reported: 0,
  received: 0,
};

const EMPLOYER = { name: '绿叶精密（苏州）', credit_code: '91320500MA1XYZ1234', industry: '制造业', region: '江苏省苏州市', address: '' };

function shared(id: string, job: Partial<SharedJob>, row: Partial<SharedJobRow> = {}): SharedJobRow {
  return {
    job: {
      id,
      audit: AUDIT,
      paired_school_id: PAIR_ID,
      source: 'posting',
      source_id: `src-${id}`,
      source_version: '2026-10-10T08:00:00Z',
      employer: EMPLOYER,
      posting: null,
      event: null,
      matched_employer_id: null,
      placed: null,
      ...job,
    },
    from_school: '示范大学',
    closed: false,
    matched_employer: null,
    ...row,
  };
}

const POSTING_ROW = shared(
  'sj-1',
  {
    posting: { title: '数控工程师', headcount: 5, majors: ['机电一体化技术'], education: 'vocational', location: '苏州', pay_min: null, pay_max: null, stage: 'published' },
    matched_employer_id: LANHAI.id,
    placed: 2,
  },
  { matched_employer: LANHAI.name },
);
const CLOSED_ROW = shared(
  'sj-2',
  { posting: { title: '质检员', headcount: 3, majors: [], education: 'any', location: '', pay_min: null, pay_max: null, stage: 'closed' } },
  { closed: true },
);
const EVENT_ROW = shared('sj-3', { source: 'event', event: { kind: 'talk', held_on: '2026-11-20', venue: '示范大学报告厅', link: '', majors: [] } });
const SHARED = [POSTING_ROW, CLOSED_ROW, EVENT_ROW];

const text = (el: HTMLElement): string => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const toasts = (app: { toasts: { items: { text: string }[] } }): string[] => app.toasts.items.map((n) => n.text);
const rowOf = (title: string): HTMLElement => screen.getAllByTestId('shared-row').find((r) => text(r).includes(title))!;
const DATE = '\\d{4}-\\d{2}-\\d{2}';

describe('the sharing page: paired schools', () => {
  it('says what 一帮一 pairing is and lists the pairs with what went between the schools', async () => {
    const { app } = await demo({}, { pairs: [PAIR] });
    renderIn(app, Sharing, {});
    const row = await screen.findByTestId('pair-row');
    expect(text(screen.getByTestId('pairs-card'))).toContain('“一帮一”结对后，两所高校互相共享招聘岗位和招聘活动');
    expect(text(row)).toContain('示范大学');
    expect(text(row)).toContain('4132010001');
    expect(within(row).getByTestId('pair-row-fingerprint').textContent).toBe('1234 5678 9012 3456');
    expect(within(row).getByTestId('pair-jobs-shared').textContent).toBe('20');
    expect(within(row).getByTestId('pair-placements').textContent).toBe('1');
    expect(within(row).getByTestId('pair-received').textContent).toBe('3');
    const heads = [...screen.getByTestId('pair-list').querySelectorAll('th')].map((th) => th.textContent);
    expect(heads).toEqual(['学校', '学校标识码', '指纹', '共享岗位人数', '对方反馈就业人数', '收到的共享']);
  });

  it('says when there is no pair yet', async () => {
    const { app } = await demo();
    renderIn(app, Sharing, {});
    expect(text(await screen.findByTestId('pairs-none'))).toContain('还没有对口高校');
    expect(text(screen.getByTestId('share-no-pairs'))).toBe('请先添加对口高校。');
    expect((screen.getByTestId('share-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByTestId('report-submit')).toBeNull();
  });

  it('exports this school’s pairing file under a dated name, and shows its fingerprint large to read aloud', async () => {
    const { app, backend } = await demo();
    const save = vi.spyOn(backend, 'savePairingFile');
    renderIn(app, Sharing, {});
    await screen.findByTestId('pairs-none');
    expect(screen.queryByTestId('pairing-fingerprint')).toBeNull();

    await fireEvent.click(screen.getByTestId('pairing-export'));
    await vi.waitFor(() => expect(save).toHaveBeenCalledOnce());
    expect(save.mock.calls[0]?.[0]).toMatch(new RegExp(`^配对文件-江南理工职业技术学院-${DATE}\\.json$`));
    const shown = await screen.findByTestId('pairing-fingerprint');
    expect(text(shown)).toBe(FAKE_PAIRING_FINGERPRINT);
    expect([...shown.querySelectorAll('.group')].map((g) => g.textContent)).toEqual(['1234', '5678', '9012', '3456']);
    expect(text(screen.getByTestId('pairing-result'))).toContain('通过电话或当面把这个指纹读给对方核对');
  });

  it('shows nothing more when the save dialog is cancelled', async () => {
    const { app } = await demo({ savePairingFile: () => Promise.resolve(null) });
    renderIn(app, Sharing, {});
    await fireEvent.click(await screen.findByTestId('pairing-export'));
    await vi.waitFor(() => expect((screen.getByTestId('pairing-export') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId('pairing-fingerprint')).toBeNull();
  });

  it('checks the fingerprint’s form before calling, shows a mismatch at the field, and adds the school with the right one', async () => {
    const { app, backend } = await demo();
    const add = vi.spyOn(backend, 'addPair');
    renderIn(app, Sharing, {});
    await screen.findByTestId('pairs-none');
    const field = screen.getByTestId('pair-fingerprint') as HTMLInputElement;

    await fireEvent.input(field, { target: { value: '1234 5678 9012' } });
    await fireEvent.click(screen.getByTestId('pair-add'));
    expect(screen.getByTestId('pair-fingerprint-error').textContent).toContain('指纹应为 16 位数字');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(add).not.toHaveBeenCalled();

    await fireEvent.input(field, { target: { value: '1234 5678 9012 3457' } });
    await fireEvent.click(screen.getByTestId('pair-add'));
    await vi.waitFor(() => expect(screen.getByTestId('pair-fingerprint-error').textContent).toContain('指纹与配对文件不符：请勿添加这所学校'));
    expect(add).toHaveBeenLastCalledWith('1234 5678 9012 3457');
    expect(screen.queryByTestId('pair-row')).toBeNull();

    await fireEvent.input(field, { target: { value: '１２３４５６７８９０１２３４５６' } });
    await fireEvent.click(screen.getByTestId('pair-add'));
    await vi.waitFor(() => expect(add).toHaveBeenLastCalledWith('1234 5678 9012 3456'));
    const row = await screen.findByTestId('pair-row');
    expect(text(row)).toContain('示范大学');
    expect(text(row)).toContain('4132010001');
    expect(toasts(app)).toContain('已添加对口高校：示范大学');
    expect(field.value).toBe('');
    expect(screen.queryByTestId('pair-fingerprint-error')).toBeNull();
    // The only pair is the one to share with.
    expect((screen.getByTestId('share-pair') as HTMLSelectElement).value).toBe('4132010001');
  });

  it('shows another refusal of the pairing file above the button', async () => {
    const damaged: IpcError = { code: 'share.damaged', message: 'damaged', field: null };
    const { app } = await demo({ addPair: () => Promise.reject(damaged) });
    renderIn(app, Sharing, {});
    await fireEvent.input(await screen.findByTestId('pair-fingerprint'), { target: { value: FAKE_PAIRING_FINGERPRINT } });
    await fireEvent.click(screen.getByTestId('pair-add'));
    expect(text(await screen.findByTestId('pair-add-error'))).toContain('文件已损坏，或不是访企拓岗工作台的共享包或配对文件');
    expect(screen.queryByTestId('pair-fingerprint-error')).toBeNull();
  });

  it('leaves pairing to admins, naming the right, while sharing and importing stay everyone’s', async () => {
    const { app, backend } = await demo({}, { pairs: [PAIR], sharedJobs: SHARED }, '王珊');
    const add = vi.spyOn(backend, 'addPair');
    renderIn(app, Sharing, {});
    await screen.findByTestId('pair-row');
    const exporting = screen.getByTestId('pairing-export') as HTMLButtonElement;
    expect(exporting.disabled).toBe(true);
    expect(exporting.title).toBe('需要权限：管理专项行动');
    expect(screen.getByTestId('pairing-needs').textContent).toBe('需要权限：管理专项行动');
    const adding = screen.getByTestId('pair-add') as HTMLButtonElement;
    expect(adding.disabled).toBe(true);
    expect(adding.title).toBe('需要权限：管理专项行动');
    expect((screen.getByTestId('pair-fingerprint') as HTMLInputElement).disabled).toBe(true);
    await fireEvent.submit(screen.getByTestId('pair-add-form'));
    expect(add).not.toHaveBeenCalled();

    expect((screen.getByTestId('share-submit') as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByTestId('shared-import') as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getAllByTestId('shared-placed-save')[0] as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByTestId('report-submit') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('sharing with the paired school', () => {
  it('shares what a filter picks with the only pair, preselected, and says what went', async () => {
    const { app, backend } = await demo({}, { pairs: [PAIR] });
    const share = vi.spyOn(backend, 'shareJobs');
    renderIn(app, Sharing, {});
    await screen.findByTestId('pair-row');
    const pair = screen.getByTestId('share-pair') as HTMLSelectElement;
    expect(pair.value).toBe('4132010001');
    expect([...pair.options].map((o) => o.textContent)).toEqual(['示范大学']);
    // No employer chosen is all of them; one is picked by typing part of its name.
    expect(screen.getByText('不选即全部单位')).toBeTruthy();
    const employer = screen.getByTestId('share-employer');
    await fireEvent.focus(employer);
    await fireEvent.input(employer, { target: { value: '澜海' } });
    await fireEvent.mouseDown(await screen.findByTestId('share-employer-option'));
    expect((employer as HTMLInputElement).value).toBe(LANHAI.name);
    expect(screen.queryByText('不选即全部单位')).toBeNull();
    await fireEvent.input(screen.getByTestId('share-major'), { target: { value: '  机电一体化技术 ' } });
    await fireEvent.input(screen.getByTestId('share-from'), { target: { value: '2026-09-01' } });
    await fireEvent.input(screen.getByTestId('share-to'), { target: { value: '2026-12-31' } });
    await fireEvent.click(screen.getByTestId('share-submit'));

    await vi.waitFor(() => expect(share).toHaveBeenCalledOnce());
    const [to, filter, fileName] = share.mock.calls[0]!;
    expect(to).toBe('4132010001');
    expect(filter).toEqual({ employer: LANHAI.id, major: '机电一体化技术', from: '2026-09-01', to: '2026-12-31', postings: [], events: [] });
    expect(fileName).toMatch(new RegExp(`^共享岗位-示范大学-${DATE}\\.vdshare$`));
    expect(text(await screen.findByTestId('share-result'))).toBe(`已共享 2 个岗位（${FAKE_SHARED_HEADCOUNT} 人）和 0 场招聘活动给示范大学`);
    expect(toasts(app)).toContain('共享包已保存，请交给示范大学导入');
    // The pair's headcount shared, reloaded.
    await vi.waitFor(() => expect(screen.getByTestId('pair-jobs-shared').textContent).toBe(String(20 + FAKE_SHARED_HEADCOUNT)));
  });

  it('sends no filter at all when none is given', async () => {
    const { app, backend } = await demo({}, { pairs: [PAIR] });
    const share = vi.spyOn(backend, 'shareJobs');
    renderIn(app, Sharing, {});
    await screen.findByTestId('pair-row');
    await fireEvent.click(screen.getByTestId('share-submit'));
    await vi.waitFor(() => expect(share).toHaveBeenCalledOnce());
    expect(share.mock.calls[0]?.[1]).toEqual({ employer: null, major: null, from: null, to: null, postings: [], events: [] });
  });

  it('asks which pair when there are several, and refuses a range that ends before it starts, without calling', async () => {
    const { app, backend } = await demo({}, { pairs: [PAIR, OTHER] });
    const share = vi.spyOn(backend, 'shareJobs');
    renderIn(app, Sharing, {});
    await vi.waitFor(() => expect(screen.getAllByTestId('pair-row')).toHaveLength(2));
    const pair = screen.getByTestId('share-pair') as HTMLSelectElement;
    expect(pair.value).toBe('');
    await fireEvent.click(screen.getByTestId('share-submit'));
    expect(screen.getByTestId('share-pair-error').textContent).toBe('此项必须填写。');

    await fireEvent.change(pair, { target: { value: '4132010009' } });
    await fireEvent.input(screen.getByTestId('share-from'), { target: { value: '2026-12-01' } });
    await fireEvent.input(screen.getByTestId('share-to'), { target: { value: '2026-11-01' } });
    await fireEvent.click(screen.getByTestId('share-submit'));
    expect(screen.getByTestId('share-to-error').textContent).toContain('结束');
    expect(screen.queryByTestId('share-pair-error')).toBeNull();
    expect(share).not.toHaveBeenCalled();

    await fireEvent.input(screen.getByTestId('share-to'), { target: { value: '2026-12-31' } });
    await fireEvent.click(screen.getByTestId('share-submit'));
    await vi.waitFor(() => expect(share).toHaveBeenCalledOnce());
    expect(share.mock.calls[0]?.[0]).toBe('4132010009');
    expect(share.mock.calls[0]?.[2]).toMatch(/^共享岗位-东岭学院-/);
  });

  it('goes back to all employers after one was picked', async () => {
    const { app, backend } = await demo({}, { pairs: [PAIR] });
    const share = vi.spyOn(backend, 'shareJobs');
    renderIn(app, Sharing, {});
    await screen.findByTestId('pair-row');
    const employer = screen.getByTestId('share-employer');
    await fireEvent.focus(employer);
    await fireEvent.input(employer, { target: { value: '澜海' } });
    await fireEvent.mouseDown(await screen.findByTestId('share-employer-option'));
    await fireEvent.click(screen.getByTestId('share-employer-all'));
    expect((employer as HTMLInputElement).value).toBe('');
    expect(screen.getByText('不选即全部单位')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('share-submit'));
    await vi.waitFor(() => expect(share).toHaveBeenCalledOnce());
    expect(share.mock.calls[0]?.[1]).toMatchObject({ employer: null });
  });

  it('arriving with a posting, shares just that one, with no filter', async () => {
    const { app, backend } = await demo({}, { pairs: [PAIR] });
    const share = vi.spyOn(backend, 'shareJobs');
    renderIn(app, Sharing, { posting: POSTING.id }, { name: 'sharing', posting: POSTING.id });
    await screen.findByTestId('pair-row');
    expect(text(screen.getByTestId('share-one'))).toContain('共享这一条岗位');
    expect(screen.queryByTestId('share-employer')).toBeNull();
    expect(screen.queryByTestId('share-major')).toBeNull();
    expect(screen.queryByTestId('share-from')).toBeNull();
    expect(screen.queryByTestId('share-to')).toBeNull();

    await fireEvent.click(screen.getByTestId('share-submit'));
    await vi.waitFor(() => expect(share).toHaveBeenCalledOnce());
    expect(share).toHaveBeenCalledWith(
      '4132010001',
      { employer: null, major: null, from: null, to: null, postings: [POSTING.id], events: [] },
      expect.stringMatching(/^共享岗位-示范大学-.+\.vdshare$/),
    );
    expect(text(await screen.findByTestId('share-result'))).toBe(`已共享 1 个岗位（${POSTING.headcount} 人）和 0 场招聘活动给示范大学`);

    // Back to sharing by conditions.
    await fireEvent.click(screen.getByTestId('share-by-filter'));
    expect(app.router.route).toEqual({ name: 'sharing' });
  });

  it('arriving with an event, shares just that one', async () => {
    const { app, backend } = await demo({}, { pairs: [PAIR] });
    const share = vi.spyOn(backend, 'shareJobs');
    renderIn(app, Sharing, { event: 'ev-1' });
    await screen.findByTestId('pair-row');
    expect(text(screen.getByTestId('share-one'))).toContain('共享这一场招聘活动');
    await fireEvent.click(screen.getByTestId('share-submit'));
    await vi.waitFor(() => expect(share).toHaveBeenCalledOnce());
    expect(share.mock.calls[0]?.[1]).toEqual({ employer: null, major: null, from: null, to: null, postings: [], events: ['ev-1'] });
    expect(text(await screen.findByTestId('share-result'))).toBe('已共享 0 个岗位（0 人）和 1 场招聘活动给示范大学');
  });

  it('says why nothing was shared: not the laptop that made the pairing file', async () => {
    const noIdentity: IpcError = { code: 'share.no_identity', message: 'no identity', field: null };
    const { app } = await demo({ shareJobs: () => Promise.reject(noIdentity) }, { pairs: [PAIR] });
    renderIn(app, Sharing, {});
    await screen.findByTestId('pair-row');
    await fireEvent.click(screen.getByTestId('share-submit'));
    expect(text(await screen.findByTestId('share-error'))).toContain('本机还没有本校的共享身份');
    expect(screen.queryByTestId('share-result')).toBeNull();
  });
});

describe('jobs shared by the paired schools', () => {
  it('lists each with its kind, source, matched employer and status, read-only but for the graduates placed', async () => {
    const { app } = await demo({}, { pairs: [PAIR], sharedJobs: SHARED });
    renderIn(app, Sharing, {});
    await vi.waitFor(() => expect(screen.getAllByTestId('shared-row')).toHaveLength(3));
    expect(text(screen.getByTestId('shared-readonly'))).toContain('共享岗位由对方学校维护，只读');

    const posting = rowOf('数控工程师');
    expect(within(posting).getByTestId('shared-kind').textContent?.trim()).toBe('岗位');
    expect(text(posting)).toContain('招 5 人 · 机电一体化技术 · 专科 · 苏州');
    expect(within(posting).getByTestId('shared-employer').textContent).toBe('绿叶精密（苏州）');
    expect(within(posting).getByTestId('shared-matched').textContent).toBe('本校已有：苏州澜海智能装备有限公司');
    expect(within(posting).getByTestId('shared-from').textContent).toBe('来自示范大学');
    expect(within(posting).getByTestId('shared-status').textContent?.trim()).toBe('招聘中');
    expect((within(posting).getByTestId('shared-placed') as HTMLInputElement).value).toBe('2');

    const closed = rowOf('质检员');
    expect(within(closed).getByTestId('shared-status').textContent?.trim()).toBe('已关闭');
    expect(within(closed).queryByTestId('shared-matched')).toBeNull();
    expect((within(closed).getByTestId('shared-placed') as HTMLInputElement).value).toBe('');

    const event = rowOf('宣讲会 2026-11-20');
    expect(within(event).getByTestId('shared-kind').textContent?.trim()).toBe('招聘活动');
    expect(text(event)).toContain('示范大学报告厅');

    // The one field to fill in; nothing else to edit or remove.
    for (const row of screen.getAllByTestId('shared-row')) {
      expect([...row.querySelectorAll('input, select, textarea')].map((el) => el.getAttribute('data-testid'))).toEqual(['shared-placed']);
      expect([...row.querySelectorAll('button')].map((el) => el.getAttribute('data-testid'))).toEqual(['shared-placed-save']);
    }
  });

  it('saves the graduates a shared job placed, or none, and refuses what is not a count', async () => {
    const { app, backend } = await demo({}, { pairs: [PAIR], sharedJobs: SHARED });
    const set = vi.spyOn(backend, 'setSharedPlaced');
    renderIn(app, Sharing, {});
    await vi.waitFor(() => expect(screen.getAllByTestId('shared-row')).toHaveLength(3));
    const row = rowOf('质检员');
    const field = within(row).getByTestId('shared-placed') as HTMLInputElement;
    expect(field.getAttribute('aria-label')).toBe('“质检员”安置本校毕业生人数');

    await fireEvent.input(field, { target: { value: '3' } });
    await fireEvent.click(within(row).getByTestId('shared-placed-save'));
    await vi.waitFor(() => expect(set).toHaveBeenCalledWith('sj-2', 3));
    await vi.waitFor(() => expect(toasts(app)).toContain('已保存“质检员”的安置人数'));
    expect((await backend.listSharedJobs()).find((r) => r.job.id === 'sj-2')?.job.placed).toBe(3);

    await fireEvent.input(field, { target: { value: '-1' } });
    await fireEvent.click(within(row).getByTestId('shared-placed-save'));
    expect(within(row).getByTestId('shared-placed-error').textContent).toBeTruthy();
    expect(set).toHaveBeenCalledOnce();

    await fireEvent.input(field, { target: { value: '' } });
    await fireEvent.click(within(row).getByTestId('shared-placed-save'));
    await vi.waitFor(() => expect(set).toHaveBeenLastCalledWith('sj-2', null));
    await vi.waitFor(() => expect(within(row).queryByTestId('shared-placed-error')).toBeNull());
  });

  it('imports a package, says what it did, and reloads the views', async () => {
    const shareImported = { from_school: '示范大学', added: 3, updated: 1, closed: 1, matched: 2, placements: 0 };
    const { app, backend } = await demo({}, { pairs: [PAIR], shareImported });
    const list = vi.spyOn(backend, 'listSharedJobs');
    renderIn(app, Sharing, {});
    await screen.findByTestId('shared-none');
    const revision = app.revision;
    await fireEvent.click(screen.getByTestId('shared-import'));
    expect(text(await screen.findByTestId('shared-import-result'))).toBe(
      '已导入示范大学的共享包：新增 3 条，更新 1 条，关闭 1 条，与本校单位匹配 2 条，反馈就业 0 个岗位',
    );
    expect(app.revision).toBeGreaterThan(revision);
    await vi.waitFor(() => expect(list).toHaveBeenCalledTimes(2));
  });

  it('says why a package was refused, and shows no result', async () => {
    const tampered: IpcError = { code: 'share.tampered', message: 'tampered', field: null };
    const { app } = await demo({ importSharePackage: () => Promise.reject(tampered) }, { pairs: [PAIR] });
    renderIn(app, Sharing, {});
    await fireEvent.click(await screen.findByTestId('shared-import'));
    await vi.waitFor(() => expect(toasts(app).join()).toContain('共享包的签名不符'));
    expect(screen.queryByTestId('shared-import-result')).toBeNull();
  });

  it('makes the placements report for each pair that shared jobs, under a dated name', async () => {
    const { app, backend } = await demo({}, { pairs: [PAIR, OTHER], sharedJobs: SHARED });
    const report = vi.spyOn(backend, 'saveShareReport');
    renderIn(app, Sharing, {});
    await vi.waitFor(() => expect(screen.getAllByTestId('shared-row')).toHaveLength(3));
    // 东岭学院 shared nothing here: nothing to report to it.
    const buttons = screen.getAllByTestId('report-submit');
    expect(buttons.map((b) => text(b))).toEqual(['生成给示范大学的就业反馈包']);

    await fireEvent.click(buttons[0]!);
    await vi.waitFor(() => expect(report).toHaveBeenCalledOnce());
    expect(report.mock.calls[0]?.[0]).toBe('4132010001');
    expect(report.mock.calls[0]?.[1]).toMatch(new RegExp(`^就业反馈-示范大学-${DATE}\\.vdshare$`));
    expect(text(await screen.findByTestId('report-result'))).toBe('就业反馈包已保存：含 1 个共享岗位的安置人数，请发给示范大学');
    expect(toasts(app)).toContain('就业反馈包已保存：含 1 个共享岗位的安置人数，请发给示范大学');
  });
});

describe('the cards of postings and events', () => {
  it('send a saved posting or event to the sharing page, for it alone', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, LANHAI.name);
    const ev = await backend.saveRecruitmentEvent(null, {
      kind: 'talk',
      employer_id: e.id,
      co_employer_ids: [],
      visit_id: null,
      held_on: '2026-12-05',
      venue: '学校报告厅',
      link: '',
      majors: [],
      attended: null,
      offers: null,
      notes: '',
    });
    renderIn(app, EmployerDetail, { id: e.id }, { name: 'employer', id: e.id });

    const posting = await vi.waitFor(() => screen.getAllByTestId('posting-row').find((r) => r.getAttribute('data-id') === POSTING.id)!);
    const button = within(posting).getByTestId('posting-share');
    expect(button.textContent?.trim()).toBe('共享给对口高校');
    await fireEvent.click(button);
    expect(app.router.route).toEqual({ name: 'sharing', posting: POSTING.id, label: POSTING.title });

    const event = await vi.waitFor(() => screen.getAllByTestId('event-row').find((r) => r.getAttribute('data-id') === ev.id)!);
    await fireEvent.click(within(event).getByTestId('event-share'));
    expect(app.router.route).toEqual({ name: 'sharing', event: ev.id, label: '2026-12-05 学校报告厅' });
  });
});

describe('in English', () => {
  it('says it in English too', async () => {
    setLocale('en');
    const { app } = await demo({}, { pairs: [PAIR], sharedJobs: SHARED });
    renderIn(app, Sharing, {});
    await vi.waitFor(() => expect(screen.getAllByTestId('shared-row')).toHaveLength(3));
    expect(screen.getByTestId('share-submit').textContent?.trim()).toBe('Make the share package');
    expect(within(rowOf('数控工程师')).getByTestId('shared-from').textContent).toBe('From 示范大学');
    expect(within(rowOf('质检员')).getByTestId('shared-status').textContent?.trim()).toBe('Closed');
    await fireEvent.click(screen.getByTestId('shared-import'));
    expect(text(await screen.findByTestId('shared-import-result'))).toBe(
      'Imported the package from 示范大学: 2 added, 0 updated, 0 closed, 1 matched to this school’s employers, placements reported for 0 jobs',
    );
  });
});
