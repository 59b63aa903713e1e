import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { employerChecks, errors } from '../../lib/backend/fixtures';
import { demo, employerNamed, renderIn } from '../../test/harness';
import EmployerDetail from './EmployerDetail.svelte';
import EmployerForm from './EmployerForm.svelte';
import EmployerList from './EmployerList.svelte';

describe('employer list', () => {
  it('filters by key employer, newly developed and the search box', async () => {
    const { app } = await demo();
    renderIn(app, EmployerList, {});
    await vi.waitFor(() => expect(screen.getAllByTestId('employer-row')).toHaveLength(6));

    await fireEvent.click(screen.getByTestId('employer-filter-key'));
    await vi.waitFor(() => expect(screen.getAllByTestId('employer-row')).toHaveLength(2));
    await fireEvent.click(screen.getByTestId('employer-filter-key'));
    await fireEvent.click(screen.getByTestId('employer-filter-new'));
    await vi.waitFor(() => expect(screen.getAllByTestId('employer-row')).toHaveLength(2));
    await fireEvent.click(screen.getByTestId('employer-filter-new'));
    await vi.waitFor(() => expect(screen.getAllByTestId('employer-row')).toHaveLength(6));

    await fireEvent.input(screen.getByTestId('employer-search'), { target: { value: '苏州' } });
    expect(screen.getAllByTestId('employer-row').map((r) => r.textContent)).toEqual([expect.stringContaining('苏州澜海智能装备有限公司')]);
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
