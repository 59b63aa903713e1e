import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Backend, IpcError, Stored, Visit } from '../../lib/backend';
import { employerChecks, errors } from '../../lib/backend/fixtures';
import { blankVisit, dataOf } from '../../lib/records';
import Toasts from '../../lib/ui/Toasts.svelte';
import { demo, employerNamed, renderIn } from '../../test/harness';
import EmployerDetail from './EmployerDetail.svelte';
import EmployerForm from './EmployerForm.svelte';
import EmployerList from './EmployerList.svelte';

describe('employer list', () => {
  it('filters by key employer, newly developed and the search box', async () => {
    const { app, backend } = await demo();
    const list = vi.spyOn(backend, 'listEmployers');
    renderIn(app, EmployerList, {});
    await vi.waitFor(() => expect(screen.getAllByTestId('employer-row')).toHaveLength(6));

    await fireEvent.click(screen.getByTestId('employer-filter-key'));
    await vi.waitFor(() => expect(screen.getAllByTestId('employer-row')).toHaveLength(2));
    await fireEvent.click(screen.getByTestId('employer-filter-key'));
    await fireEvent.click(screen.getByTestId('employer-filter-new'));
    await vi.waitFor(() => expect(screen.getAllByTestId('employer-row')).toHaveLength(2));
    await fireEvent.click(screen.getByTestId('employer-filter-new'));
    await vi.waitFor(() => expect(screen.getAllByTestId('employer-row')).toHaveLength(6));

    // The search box filters in the core too, after a pause in typing.
    await fireEvent.input(screen.getByTestId('employer-search'), { target: { value: '苏州' } });
    await vi.waitFor(() =>
      expect(screen.getAllByTestId('employer-row').map((r) => r.textContent)).toEqual([expect.stringContaining('苏州澜海智能装备有限公司')]),
    );
    expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ text: '苏州' }));
  });

  it('shows a page of a long list, says there are more, and shows more on request', async () => {
    const { app, backend } = await demo();
    const list = vi.spyOn(backend, 'listEmployers');
    // Pages of 2: the demo has 6 employers.
    renderIn(app, EmployerList, { page: 2 });
    await vi.waitFor(() => expect(screen.getAllByTestId('employer-row')).toHaveLength(2));
    expect(screen.getByText('显示前 2 家，还有更多')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('employers-more'));
    await vi.waitFor(() => expect(screen.getAllByTestId('employer-row')).toHaveLength(4));
    await fireEvent.click(screen.getByTestId('employers-more'));
    await vi.waitFor(() => expect(screen.getAllByTestId('employer-row')).toHaveLength(6));
    expect(screen.queryByTestId('employers-more')).toBeNull();
    expect(screen.getByText('共 6 家')).toBeTruthy();
    // Each time one more than the page, to know whether there are more.
    expect(list.mock.calls.map(([f]) => f.limit)).toEqual([3, 5, 7]);
  });

  it('filters by region on the core side', async () => {
    const { app, backend } = await demo();
    const list = vi.spyOn(backend, 'listEmployers');
    renderIn(app, EmployerList, {});
    await fireEvent.input(screen.getByTestId('employer-filter-region'), { target: { value: '浙江省' } });
    await vi.waitFor(() => expect(screen.getAllByTestId('employer-row')).toHaveLength(1));
    expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ region: '浙江省' }));
  });
});

describe('employer form', () => {
  it('warns about a likely duplicate while typing, and still saves', async () => {
    const { input, output } = employerChecks.same_name;
    const check = vi.fn(async () => output);
    const { app, backend } = await demo({ checkEmployer: check });
    const save = vi.spyOn(backend, 'saveEmployer');
    renderIn(app, EmployerForm, { id: null });

    const name = await screen.findByTestId('employer-name');
    await fireEvent.input(name, { target: { value: input.name } });
    const warning = await screen.findByTestId('employer-duplicates', {}, { timeout: 2000 });
    expect(check).toHaveBeenLastCalledWith(null, expect.objectContaining({ name: input.name, credit_code: null }));
    expect(warning.textContent).toContain(output.duplicates[0]?.name);
    expect(warning.textContent).toContain('名称相同');

    await fireEvent.click(screen.getByTestId('employer-save'));
    await vi.waitFor(() => expect(save).toHaveBeenCalledOnce());
    expect(save.mock.calls[0]?.[1]).toMatchObject({ name: input.name, credit_code: null });
    await vi.waitFor(() => expect(app.router.route).toMatchObject({ name: 'employer' }));
  });

  it('names the same credit code as the reason', async () => {
    const { input, output } = employerChecks.same_credit_code;
    const check = vi.fn(async (_id: string | null, e: { credit_code: string | null }) => (e.credit_code ? output : { error: null, duplicates: [] }));
    const { app } = await demo({ checkEmployer: check });
    renderIn(app, EmployerForm, { id: null });
    await fireEvent.input(await screen.findByTestId('employer-name'), { target: { value: input.name } });
    await fireEvent.input(screen.getByTestId('employer-credit-code'), { target: { value: input.credit_code } });
    await fireEvent.blur(screen.getByTestId('employer-credit-code'));
    const warning = await screen.findByTestId('employer-duplicates');
    expect(check).toHaveBeenLastCalledWith(null, expect.objectContaining({ name: input.name, credit_code: input.credit_code }));
    expect(warning.textContent).toContain('统一社会信用代码相同');
    expect(warning.textContent).toContain(output.duplicates[0]?.name);
  });

  it('shows the core’s field error after leaving the field', async () => {
    const { input, output } = employerChecks.bad_credit_code;
    const { app, backend } = await demo({ checkEmployer: async () => output });
    const save = vi.spyOn(backend, 'saveEmployer').mockRejectedValue(errors.bad_credit_code.error);
    renderIn(app, EmployerForm, { id: null });
    await fireEvent.input(await screen.findByTestId('employer-name'), { target: { value: input.name } });
    const code = screen.getByTestId('employer-credit-code');
    await fireEvent.input(code, { target: { value: input.credit_code } });
    await fireEvent.blur(code);

    const error = await screen.findByTestId('error-employer.credit_code');
    expect(output.error).toMatchObject({ code: 'validation.credit_code_check', field: 'employer.credit_code' });
    expect(error.textContent).toBe('统一社会信用代码校验位不对，可能有一位输错，请逐位核对。');
    expect(code.getAttribute('aria-invalid')).toBe('true');

    await fireEvent.click(screen.getByTestId('employer-save'));
    await vi.waitFor(() => expect(save).toHaveBeenCalled());
    expect(screen.getByTestId('error-employer.credit_code')).toBeTruthy();
  });

  it('does not nag about a field the user has not reached', async () => {
    const { app } = await demo();
    renderIn(app, EmployerForm, { id: null });
    await fireEvent.input(await screen.findByTestId('employer-credit-code'), { target: { value: '123' } });
    await new Promise((r) => setTimeout(r, 500));
    expect(screen.queryByTestId('error-employer.name')).toBeNull();
  });
});

describe('employer detail', () => {
  it('shows contacts, visits, job postings, internship bases and satisfaction', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    renderIn(app, EmployerDetail, { id: e.id });

    expect((await screen.findByTestId('employer-title')).textContent).toBe('苏州澜海智能装备有限公司');
    expect(screen.getAllByTestId('contact-row')).toHaveLength(2);
    expect(screen.getByTestId('employer-contacts').textContent).toContain('校友 2012 机电一体化技术');
    expect(screen.getByTestId('employer-jobs').textContent).toContain('设备调试工程师');
    expect(screen.getByTestId('employer-bases').textContent).toContain('澜海智能装备就业实习实践基地');
    const sat = screen.getByTestId('employer-satisfaction');
    expect(sat.textContent).toContain('5.0');
    expect(sat.textContent).toContain('思想道德品质');
  });

  it('lets anyone edit an employer, but moving it to the trash needs the right to manage employers', async () => {
    const { app, backend } = await demo({}, {}, '王珊');
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    renderIn(app, EmployerDetail, { id: e.id });
    const remove = (await screen.findByTestId('employer-delete')) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);
    expect(remove.title).toBe('需要权限：管理用人单位');
    expect((screen.getByTestId('employer-edit') as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByTestId('contact-add') as HTMLButtonElement).disabled).toBe(false);
  });

  it('names the employers it is likely the same as, leading to them', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    const other = await employerNamed(backend, '上海青桐检测技术服务有限公司');
    const real = backend.employerDetail.bind(backend);
    vi.spyOn(backend, 'employerDetail').mockImplementation(async (id) => ({
      ...(await real(id)),
      duplicates: id === e.id ? [{ id: other.id, name: other.name, reason: 'name' }] : [],
    }));
    renderIn(app, EmployerDetail, { id: e.id }, { name: 'employer', id: e.id });
    const notice = await screen.findByTestId('employer-duplicate-notice');
    expect(notice.textContent).toContain('可能与以下单位重复');
    const [dup] = screen.getAllByTestId('employer-duplicate');
    expect(dup!.textContent).toContain('上海青桐检测技术服务有限公司');
    expect(dup!.textContent).toContain('名称相同');
    await fireEvent.click(within(dup!).getByRole('button', { name: '上海青桐检测技术服务有限公司' }));
    expect(app.router.route).toEqual({ name: 'employer', id: other.id });
  });

  it('says nothing of duplicates when there are none', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    renderIn(app, EmployerDetail, { id: e.id });
    await screen.findByTestId('employer-title');
    expect(screen.queryByTestId('employer-duplicate-notice')).toBeNull();
  });

  it('shows the employer’s history when asked for', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    const read = vi.spyOn(backend, 'recordHistory').mockResolvedValue([
      { at: '2026-10-12T06:30:00Z', op: 'update', by: app.session.person.id, by_name: '周明远', device: null, device_name: null, fields: ['is_key', 'credit_code'] },
      { at: '2026-10-01T01:00:00Z', op: 'create', by: app.session.person.id, by_name: '周明远', device: null, device_name: null, fields: [] },
    ]);
    renderIn(app, EmployerDetail, { id: e.id });
    await screen.findByTestId('employer-title');
    expect(read).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('history-show'));
    expect(read).toHaveBeenCalledWith('employer', e.id);
    const [edited, created] = await screen.findAllByTestId('history-row');
    expect(within(edited!).getAllByTestId('history-field').map((f) => f.textContent)).toEqual(['重点单位', '统一社会信用代码']);
    expect(within(edited!).queryByTestId('history-device')).toBeNull();
    expect(within(created!).getByTestId('history-op').textContent).toBe('创建');
  });

  it('lets an admin move an employer to the trash', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    renderIn(app, EmployerDetail, { id: e.id });
    expect(((await screen.findByTestId('employer-delete')) as HTMLButtonElement).disabled).toBe(false);
  });

  it('adds a contact who is an alumnus', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '南京云栖软件股份有限公司');
    const save = vi.spyOn(backend, 'saveContact');
    renderIn(app, EmployerDetail, { id: e.id });

    await fireEvent.click(await screen.findByTestId('contact-add'));
    const form = screen.getByTestId('contact-form');
    await fireEvent.input(within(form).getByTestId('contact-name'), { target: { value: '钱晨' } });
    await fireEvent.input(within(form).getByTestId('contact-mobile'), { target: { value: '13812345678' } });
    await fireEvent.click(within(form).getByTestId('contact-is-alumnus'));
    await fireEvent.input(within(form).getByTestId('contact-alumni-year'), { target: { value: '2015' } });
    await fireEvent.input(within(form).getByTestId('contact-alumni-major'), { target: { value: '软件技术' } });
    await fireEvent.click(within(form).getByTestId('contact-save'));

    await vi.waitFor(() => expect(screen.getAllByTestId('contact-row')).toHaveLength(1));
    expect(save).toHaveBeenCalledWith(null, expect.objectContaining({ employer_id: e.id, name: '钱晨', is_alumnus: true, alumni_year: 2015 }));
    expect(screen.getByTestId('employer-contacts').textContent).toContain('校友 2015 软件技术');
  });

  it('shows a contact’s phone error in words', async () => {
    const { input, error } = errors.contact_mobile;
    const { app, backend } = await demo({ saveContact: () => Promise.reject(error) });
    const e = await employerNamed(backend, '南京云栖软件股份有限公司');
    renderIn(app, EmployerDetail, { id: e.id });
    await fireEvent.click(await screen.findByTestId('contact-add'));
    await fireEvent.input(screen.getByTestId('contact-name'), { target: { value: input.name } });
    await fireEvent.input(screen.getByTestId('contact-mobile'), { target: { value: input.mobile } });
    await fireEvent.click(screen.getByTestId('contact-save'));
    expect((await screen.findByTestId('error-contact.mobile')).textContent).toContain('手机为 11 位');
  });
});

/** A row of the list `testid` whose text contains `text`. */
function rowWith(testid: string, text: string): HTMLElement {
  const row = screen.getAllByTestId(testid).find((r) => r.textContent?.includes(text));
  if (!row) throw new Error(`no ${testid} with ${text}`);
  return row;
}

/** Another visit of `employerId`: planned a week after the demo's "now", or cancelled. */
async function anotherVisit(backend: Backend, employerId: string, leadId: string, cancelled = false): Promise<Stored<Visit>> {
  const day = cancelled ? '2026-11-26' : '2026-11-25';
  const v = await backend.planVisit({
    ...blankVisit('Asia/Shanghai'),
    employer_id: employerId,
    lead_id: leadId,
    planned_start: `${day}T01:00:00Z`,
    planned_end: `${day}T03:00:00Z`,
  });
  return cancelled ? backend.cancelVisit(v.id, '对方临时有事') : v;
}

describe('job postings, internship bases and recruitment events on the employer page', () => {
  it('adds a posting, then closes it in one click: its stage becomes closed and its badge says so', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '南京云栖软件股份有限公司');
    const save = vi.spyOn(backend, 'saveJobPosting');
    renderIn(app, EmployerDetail, { id: e.id }, { name: 'employer', id: e.id });

    await fireEvent.click(await screen.findByTestId('posting-add'));
    const form = screen.getByTestId('posting-form');
    await fireEvent.input(within(form).getByTestId('posting-title'), { target: { value: 'Java 开发工程师' } });
    await fireEvent.input(within(form).getByTestId('posting-headcount'), { target: { value: '5' } });
    await fireEvent.input(within(form).getByTestId('posting-majors'), { target: { value: '软件技术、计算机应用技术' } });
    await fireEvent.input(within(form).getByTestId('posting-pay-min'), { target: { value: '6000' } });
    await fireEvent.input(within(form).getByTestId('posting-pay-max'), { target: { value: '9000' } });
    await fireEvent.click(within(form).getByTestId('posting-save'));

    await vi.waitFor(() => expect(screen.getAllByTestId('posting-row')).toHaveLength(1));
    expect(save).toHaveBeenCalledWith(null, {
      employer_id: e.id,
      visit_id: null,
      title: 'Java 开发工程师',
      headcount: 5,
      majors: ['软件技术', '计算机应用技术'],
      education: 'any',
      location: '',
      stage: 'published',
      pay_min: 6000,
      pay_max: 9000,
      hired: null,
    });
    const row = rowWith('posting-row', 'Java 开发工程师');
    expect(within(row).getByTestId('posting-stage-badge').textContent).toBe('已发布');
    expect(row.textContent).toContain('月薪 6000–9000 元');

    await fireEvent.click(within(row).getByTestId('posting-close'));
    await vi.waitFor(() => expect(save).toHaveBeenCalledTimes(2));
    const created = await save.mock.results[0]?.value;
    expect(save).toHaveBeenLastCalledWith(created?.id, expect.objectContaining({ title: 'Java 开发工程师', stage: 'closed', pay_min: 6000 }));
    await vi.waitFor(() => expect(within(rowWith('posting-row', 'Java 开发工程师')).getByTestId('posting-stage-badge').textContent).toBe('已关闭'));
    // A closed posting has nothing left to close or fill.
    expect(within(rowWith('posting-row', 'Java 开发工程师')).queryByTestId('posting-close')).toBeNull();
    expect((await backend.employerDetail(e.id)).job_postings[0]?.stage).toBe('closed');
  });

  it('moves a posting to another of the employer’s visits through its visit select, never to a cancelled one', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    const later = await anotherVisit(backend, e.id, app.session.person.id);
    const cancelled = await anotherVisit(backend, e.id, app.session.person.id, true);
    const [posting] = (await backend.employerDetail(e.id)).job_postings;
    const save = vi.spyOn(backend, 'saveJobPosting');
    renderIn(app, EmployerDetail, { id: e.id }, { name: 'employer', id: e.id });

    const row = await vi.waitFor(() => rowWith('posting-row', '设备调试工程师'));
    expect(row.textContent).toContain('2026-10-19 走访');
    await fireEvent.click(within(row).getByTestId('posting-edit'));
    const select = within(screen.getByTestId('posting-form')).getByTestId('posting-visit') as HTMLSelectElement;
    const options = [...select.options].map((o) => o.value);
    expect(options).toEqual(['', later.id, posting!.visit_id]);
    expect(options).not.toContain(cancelled.id);
    expect(select.value).toBe(posting!.visit_id);

    await fireEvent.change(select, { target: { value: later.id } });
    await fireEvent.click(screen.getByTestId('posting-save'));
    await vi.waitFor(() => expect(save).toHaveBeenCalledOnce());
    expect(save).toHaveBeenCalledWith(posting!.id, expect.objectContaining({ title: '设备调试工程师', visit_id: later.id, stage: 'published' }));
    await vi.waitFor(() => expect(rowWith('posting-row', '设备调试工程师').textContent).toContain('2026-11-25 走访'));
    expect(screen.queryByTestId('posting-form')).toBeNull();
  });

  it('shows the core’s refusal of a visit next to the visit select', async () => {
    const refusal: IpcError = { code: 'validation.invalid_state', message: 'cancelled visit', field: 'job_posting.visit_id' };
    const { app, backend } = await demo({ saveJobPosting: () => Promise.reject(refusal) });
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    renderIn(app, EmployerDetail, { id: e.id });
    await fireEvent.click(within(await vi.waitFor(() => rowWith('posting-row', '设备调试工程师'))).getByTestId('posting-edit'));
    await fireEvent.click(screen.getByTestId('posting-save'));
    expect((await screen.findByTestId('error-job_posting.visit_id')).textContent).toBe('只能选择该单位未取消的走访，或选“不属于任何走访”。');
    expect(screen.getByTestId('posting-form')).toBeTruthy();
  });

  it('takes an internship base on through its life, with the students it placed each year', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    const [base] = (await backend.employerDetail(e.id)).internship_bases;
    const save = vi.spyOn(backend, 'saveInternshipBase');
    renderIn(app, EmployerDetail, { id: e.id }, { name: 'employer', id: e.id });

    const row = await vi.waitFor(() => rowWith('base-row', '澜海智能装备就业实习实践基地'));
    expect(within(row).getByTestId('base-status-badge').textContent).toBe('已签约');
    await fireEvent.click(within(row).getByTestId('base-edit'));
    const form = screen.getByTestId('base-form');
    expect((within(form).getByTestId('base-form-status') as HTMLSelectElement).value).toBe('signed');
    expect([...(within(form).getByTestId('base-form-status') as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      '意向',
      '已签约',
      '已挂牌',
      '已到期',
    ]);
    await fireEvent.change(within(form).getByTestId('base-form-status'), { target: { value: 'unveiled' } });
    await fireEvent.input(within(form).getByTestId('base-form-signed-on'), { target: { value: '2026-09-01' } });
    await fireEvent.input(within(form).getByTestId('base-form-term-ends-on'), { target: { value: '2029-08-31' } });
    await fireEvent.input(within(form).getByTestId('base-form-capacity'), { target: { value: '30' } });
    await fireEvent.click(within(form).getByTestId('placement-add'));
    const [placement] = within(form).getAllByTestId('placement-row');
    await fireEvent.input(within(placement!).getByTestId('placement-year'), { target: { value: '2026' } });
    await fireEvent.input(within(placement!).getByTestId('placement-students'), { target: { value: '12' } });
    await fireEvent.click(within(form).getByTestId('base-save'));

    await vi.waitFor(() => expect(save).toHaveBeenCalledOnce());
    expect(save).toHaveBeenCalledWith(base!.id, {
      employer_id: e.id,
      visit_id: base!.visit_id,
      name: '澜海智能装备就业实习实践基地',
      status: 'unveiled',
      signed_on: '2026-09-01',
      established_on: '2026-10-19',
      term_ends_on: '2029-08-31',
      capacity: 30,
      placements: [{ year: 2026, students: 12 }],
    });
    await vi.waitFor(() => expect(within(rowWith('base-row', '澜海智能装备')).getByTestId('base-status-badge').textContent).toBe('已挂牌'));
    const saved = rowWith('base-row', '澜海智能装备');
    expect(within(saved).getByTestId('base-placements').textContent).toContain('2026 年 12 人');
    expect(saved.textContent).toContain('协议期 2026-09-01 至 2029-08-31');

    // The core refuses a term that ends before it starts, next to the field.
    save.mockRejectedValueOnce({ code: 'validation.end_before_start', message: 'term', field: 'internship_base.term_ends_on' } satisfies IpcError);
    await fireEvent.click(within(saved).getByTestId('base-edit'));
    await fireEvent.input(screen.getByTestId('base-form-term-ends-on'), { target: { value: '2025-01-01' } });
    await fireEvent.click(screen.getByTestId('base-save'));
    expect((await screen.findByTestId('error-internship_base.term_ends_on')).textContent).toBe('协议到期日不能早于签约日期。');
  });

  it('adds a 双选会 with another employer taking part', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    const other = await employerNamed(backend, '上海青桐检测技术服务有限公司');
    const save = vi.spyOn(backend, 'saveRecruitmentEvent');
    renderIn(app, EmployerDetail, { id: e.id }, { name: 'employer', id: e.id });

    await fireEvent.click(await screen.findByTestId('event-add'));
    const form = screen.getByTestId('event-form');
    expect(within(form).queryByTestId('event-co-employers')).toBeNull();
    await fireEvent.change(within(form).getByTestId('event-kind'), { target: { value: 'double_choice' } });
    await fireEvent.input(within(form).getByTestId('event-held-on'), { target: { value: '2026-12-05' } });
    await fireEvent.input(within(form).getByTestId('event-venue'), { target: { value: '学校体育馆' } });
    await fireEvent.input(within(form).getByTestId('event-majors'), { target: { value: '机电一体化技术，检验检测技术' } });
    const picker = within(form).getByTestId('event-co-picker');
    await fireEvent.focus(picker);
    await fireEvent.input(picker, { target: { value: '青桐' } });
    await within(form).findAllByTestId('event-co-picker-option');
    await fireEvent.keyDown(picker, { key: 'Enter' });
    expect(within(form).getAllByTestId('event-co-row').map((r) => r.textContent)).toEqual([expect.stringContaining('上海青桐检测技术服务有限公司')]);
    await fireEvent.input(within(form).getByTestId('event-attended'), { target: { value: '320' } });
    await fireEvent.input(within(form).getByTestId('event-offers'), { target: { value: '41' } });
    await fireEvent.click(within(form).getByTestId('event-save'));

    await vi.waitFor(() => expect(save).toHaveBeenCalledOnce());
    expect(save).toHaveBeenCalledWith(null, {
      kind: 'double_choice',
      employer_id: e.id,
      co_employer_ids: [other.id],
      visit_id: null,
      held_on: '2026-12-05',
      venue: '学校体育馆',
      link: '',
      majors: ['机电一体化技术', '检验检测技术'],
      attended: 320,
      offers: 41,
      notes: '',
    });
    const row = await vi.waitFor(() => rowWith('event-row', '2026-12-05'));
    expect(within(row).getByTestId('event-kind-badge').textContent).toBe('双选会');
    expect(row.textContent).toContain('上海青桐检测技术服务有限公司');
    expect(row.textContent).toContain('参加 320 人');
    expect(row.textContent).toContain('录用 41 人');
    // The other employer's page lists it too, as one it takes part in.
    expect((await backend.employerDetail(other.id)).recruitment_events).toHaveLength(1);
  });

  it('moves a posting to the trash, with an undo in the toast', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    const remove = vi.spyOn(backend, 'deleteRecord');
    renderIn(app, EmployerDetail, { id: e.id }, { name: 'employer', id: e.id });
    renderIn(app, Toasts, { toasts: app.toasts });
    const row = await vi.waitFor(() => rowWith('posting-row', '设备调试工程师'));
    await fireEvent.click(within(row).getByTestId('posting-trash'));
    expect(remove).toHaveBeenCalledWith('job_posting', expect.any(String));
    await vi.waitFor(() => expect(screen.queryAllByTestId('posting-row')).toHaveLength(0));
    await fireEvent.click(await screen.findByRole('button', { name: '撤销' }));
    await vi.waitFor(() => expect(screen.getAllByTestId('posting-row')).toHaveLength(1));
    expect(app.router.route).toEqual({ name: 'employer', id: e.id });
  });
});

describe('notes and follow-ups on the employer page', () => {
  it('lists notes newest first and marks the one a search opened', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '南京云栖软件股份有限公司');
    const older = await backend.saveNote(null, { employer_id: e.id, visit_id: null, written_on: '2026-10-02', body: '电话沟通：\n春招需求 20 人' });
    const newer = await backend.saveNote(null, { employer_id: e.id, visit_id: null, written_on: '2026-11-10', body: '寄送了校企合作协议' });
    renderIn(app, EmployerDetail, { id: e.id, noteId: older.id });

    const rows = await screen.findAllByTestId('note-row');
    expect(rows.map((r) => r.id)).toEqual([`note-${newer.id}`, `note-${older.id}`]);
    expect(rows[1]?.textContent).toContain('2026-10-02');
    expect(within(rows[1]!).getByTestId('note-body-text').textContent).toBe('电话沟通：\n春招需求 20 人');
    expect(rows[1]?.getAttribute('data-highlight')).toBe('true');
    expect(rows[0]?.getAttribute('data-highlight')).toBeNull();
    await vi.waitFor(() => expect(document.activeElement).toBe(rows[1]));
  });

  it('adds a note and a follow-up for the employer', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '南京云栖软件股份有限公司');
    const note = vi.spyOn(backend, 'saveNote');
    const task = vi.spyOn(backend, 'saveTask');
    renderIn(app, EmployerDetail, { id: e.id });

    await fireEvent.click(await screen.findByTestId('note-add'));
    await fireEvent.input(screen.getByTestId('note-body'), { target: { value: 'HR 换了新负责人' } });
    await fireEvent.click(screen.getByTestId('note-save'));
    await vi.waitFor(() => expect(screen.getAllByTestId('note-row')).toHaveLength(1));
    expect(note).toHaveBeenCalledWith(null, { employer_id: e.id, visit_id: null, written_on: '2026-11-18', body: 'HR 换了新负责人' });

    await vi.waitFor(() => expect((screen.getByTestId('task-add') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('task-add'));
    await fireEvent.input(screen.getByTestId('task-title'), { target: { value: '邀请参加春季双选会' } });
    await fireEvent.click(screen.getByTestId('task-save'));
    await vi.waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(1));
    expect(task).toHaveBeenCalledWith(null, expect.objectContaining({ title: '邀请参加春季双选会', employer_id: e.id, visit_id: null, owner_id: app.session.person.id, done_on: null }));
  });
});

describe('merging two records of one employer', () => {
  it('takes a field from the other side and merges with the combined record', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    const other = await employerNamed(backend, '上海青桐检测技术服务有限公司');
    await backend.saveEmployer(other.id, { ...dataOf(other), address: '上海市嘉定区叶城路 1 号' });
    const merge = vi.spyOn(backend, 'mergeEmployers');
    renderIn(app, EmployerDetail, { id: e.id }, { name: 'employer', id: e.id });
    renderIn(app, Toasts, { toasts: app.toasts });

    await fireEvent.click(await screen.findByTestId('merge-open'));
    const dialog = screen.getByTestId('merge-dialog');
    expect((within(dialog).getByTestId('merge-confirm') as HTMLButtonElement).disabled).toBe(true);
    const picker = within(dialog).getByTestId('merge-employer');
    await fireEvent.focus(picker);
    await fireEvent.input(picker, { target: { value: '青桐' } });
    await within(dialog).findAllByTestId('merge-employer-option');
    await fireEvent.keyDown(picker, { key: 'Enter' });

    await within(dialog).findByTestId('merge-table');
    expect(within(dialog).getByTestId('merge-explain').textContent).toContain('“上海青桐检测技术服务有限公司”的联系人、走访、岗位、实习实践基地、招聘活动、跟进事项和备注将全部移到“苏州澜海智能装备有限公司”名下');
    expect(dialog.textContent).toContain('撤销');
    const picked = (field: string, side: string): boolean => (within(dialog).getByTestId(`merge-pick-${field}-${side}`) as HTMLInputElement).checked;
    // The kept one's values by default; the other's where the kept one has none (its address).
    expect(picked('name', 'keep')).toBe(true);
    expect(picked('industry', 'keep')).toBe(true);
    expect(picked('address', 'away')).toBe(true);
    await fireEvent.click(within(dialog).getByTestId('merge-pick-industry-away'));
    await fireEvent.click(within(dialog).getByTestId('merge-confirm'));

    await vi.waitFor(() => expect(merge).toHaveBeenCalledOnce());
    expect(merge).toHaveBeenCalledWith(e.id, other.id, {
      ...dataOf(e),
      industry: '检验检测',
      address: '上海市嘉定区叶城路 1 号',
      merged_into: null,
    });
    const { moved } = await merge.mock.results[0]!.value;
    expect(moved).toBe(1); // 上海青桐's planned visit
    expect(await screen.findByText(`已合并：${moved} 条记录移到“苏州澜海智能装备有限公司”名下`)).toBeTruthy();
    expect(screen.queryByTestId('merge-dialog')).toBeNull();
    expect(app.router.route).toEqual({ name: 'employer', id: e.id });
    await vi.waitFor(() => expect(screen.getByTestId('employer-visits').textContent).toContain('2026-11-20'));
    expect((await backend.trash()).map((t) => t.id)).toContain(other.id);
  });

  it('is offered next to each likely duplicate, with that one picked, and needs the right to manage employers', async () => {
    const { app, backend } = await demo({}, {}, '王珊');
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    const other = await employerNamed(backend, '上海青桐检测技术服务有限公司');
    const real = backend.employerDetail.bind(backend);
    vi.spyOn(backend, 'employerDetail').mockImplementation(async (id) => ({
      ...(await real(id)),
      duplicates: id === e.id ? [{ id: other.id, name: other.name, reason: 'name' }] : [],
    }));
    renderIn(app, EmployerDetail, { id: e.id });
    const merge = (await screen.findByTestId('merge-open')) as HTMLButtonElement;
    expect(merge.disabled).toBe(true);
    expect(merge.title).toBe('需要权限：管理用人单位');
    expect((screen.getByTestId('employer-duplicate-merge') as HTMLButtonElement).disabled).toBe(true);
  });

  it('starts from the duplicates notice with the duplicate picked', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    const other = await employerNamed(backend, '上海青桐检测技术服务有限公司');
    const real = backend.employerDetail.bind(backend);
    vi.spyOn(backend, 'employerDetail').mockImplementation(async (id) => ({
      ...(await real(id)),
      duplicates: id === e.id ? [{ id: other.id, name: other.name, reason: 'name' }] : [],
    }));
    renderIn(app, EmployerDetail, { id: e.id });
    await fireEvent.click(await screen.findByTestId('employer-duplicate-merge'));
    const dialog = screen.getByTestId('merge-dialog');
    await within(dialog).findByTestId('merge-table');
    expect((within(dialog).getByTestId('merge-employer') as HTMLInputElement).value).toBe('上海青桐检测技术服务有限公司');
    expect((within(dialog).getByTestId('merge-confirm') as HTMLButtonElement).disabled).toBe(false);
  });
});
