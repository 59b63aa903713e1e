import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { setLocale, t } from '../../i18n/index.svelte';
import type { Counts, ImportOptions, Layout, Preview, RowOutcome } from '../../lib/backend';
import { demo as demoStore, imports, type ImportCase } from '../../lib/backend/fixtures';
import { demo, renderIn } from '../../test/harness';
import ImportWizard from './ImportWizard.svelte';
import { FIELDS } from './outcome';

type Options = Parameters<typeof demo>[1];

async function wizard(overrides: Parameters<typeof demo>[0] = {}, options: Options = {}) {
  const { app, backend } = await demo(overrides, options);
  app.router.replace({ name: 'employers' });
  app.go({ name: 'import' });
  renderIn(app, ImportWizard, {});
  return { app, backend };
}

/** Picks the fake's file and waits for the mapping step. */
async function pickFile(): Promise<void> {
  await fireEvent.click(screen.getByTestId('import-next'));
  await screen.findByTestId('import-step-mapping');
}

async function next(step: 'preview' | 'done'): Promise<void> {
  await fireEvent.click(screen.getByTestId('import-next'));
  await screen.findByTestId(`import-step-${step}`);
}

const select = (testid: string) => screen.getByTestId(testid) as HTMLSelectElement;
const rowsShown = () => screen.getAllByTestId('import-row');
const count = (key: string) => screen.getByTestId(`import-count-${key}`).querySelector('.n')?.textContent;

/**
 * A school's visit ledger as the core would answer it (no fixture holds one yet): three visits, one
 * by a leader among the demo's people (周明远, at the demo's 苏州澜海) and two by leaders who are
 * not (刘建华 twice), rejected until the user confirms adding them.
 */
const ledgerOptions: ImportOptions = {
  encoding: null,
  sheet: null,
  header_row: null,
  mapping: [],
  keep_rows_with_bad_credit_code: false,
  importing: 'visits',
  create_people: false,
};
const withPeople: ImportOptions = { ...ledgerOptions, create_people: true };
const noCounts: Counts = {
  created: 0,
  merged_existing: 0,
  merged_in_file: 0,
  rejected: 0,
  skipped: 0,
  employers_updated: 0,
  contacts_added: 0,
  visits_added: 0,
  people_added: 0,
  postings_added: 0,
  bases_added: 0,
};
const ledgerLayout: Layout = {
  format: 'xlsx',
  encoding: null,
  decode_errors: false,
  sheets: ['访企拓岗数据'],
  sheet: '访企拓岗数据',
  header_row: 2,
  header_guessed: false,
  columns: [
    ['序号', 'serial'],
    ['走访企业名称', 'name'],
    ['拜访时间', 'visited_on'],
    ['牵头拜访人', 'leader'],
    ['职务', 'leader_title'],
    ['可提供岗位数', 'positions'],
  ].map(([header, field], column) => ({ column, header: header!, field: field as Layout['columns'][number]['field'], matched: header!, chosen: false })),
  sample: ['1', '苏州澜海智能装备有限公司', '2025-03-14', '周明远', '党委书记', '约30'],
};
const employer = demoStore.employer[0]!;
const ledgerRows = (confirmed: boolean): RowOutcome[] => [
  {
    row: 3,
    name: employer.name,
    contact: null,
    leader: '周明远',
    visited_on: '2025-03-14',
    action: { kind: 'merge_existing', employer_id: employer.id, employer_name: employer.name, by: 'name' },
    issues: [{ code: 'number_approx', field: 'positions', value: '约30', validation: null }],
  },
  ...[4, 5].map(
    (row): RowOutcome => ({
      row,
      name: row === 4 ? '苏州云帆物流有限公司' : '昆山恒远精工有限公司',
      contact: null,
      leader: '刘建华',
      visited_on: `2024-11-0${row}`,
      action: confirmed ? { kind: 'create' } : { kind: 'reject' },
      issues: [{ code: confirmed ? 'leader_added' : 'leader_unknown', field: 'leader', value: '刘建华', validation: null }],
    }),
  ),
];
const ledgerPreview = (confirmed: boolean): Preview => ({
  ...ledgerLayout,
  rows: ledgerRows(confirmed),
  counts: confirmed
    ? { ...noCounts, created: 2, merged_existing: 1, visits_added: 3, people_added: 1, postings_added: 2, bases_added: 1 }
    : { ...noCounts, merged_existing: 1, rejected: 2, visits_added: 1, postings_added: 1 },
});
const ledger: ImportCase = {
  file: { name: '2024年访企拓岗台账.xlsx', bytes: 18_432, format: 'xlsx' },
  error: null,
  layouts: [{ options: ledgerOptions, layout: ledgerLayout }],
  previews: [
    { options: ledgerOptions, preview: ledgerPreview(false) },
    { options: withPeople, preview: ledgerPreview(true) },
  ],
  commit: { options: withPeople, committed: { preview: ledgerPreview(true), batch: 'batch-ledger' }, undone: 12 },
};

/** Says the file is a visit ledger, picks it and goes on to its preview. */
async function ledgerPreviewShown(): Promise<void> {
  await fireEvent.click(screen.getByTestId('import-kind-visits'));
  await pickFile();
  await next('preview');
}

const offered = (testid: string) => [...select(testid).options].map((o) => o.value).filter((v) => v !== '');

describe('the import wizard', () => {
  it('shows the detected columns, sends a corrected mapping to the preview, and explains a rejected row', async () => {
    const { backend } = await wizard();
    const layout = vi.spyOn(backend, 'importLayout');
    const preview = vi.spyOn(backend, 'previewImport');
    await pickFile();
    expect(screen.getByTestId('import-file').textContent).toContain('合作单位名单.csv');
    expect(screen.getAllByTestId('import-column')).toHaveLength(5);
    expect(select('import-field-0').value).toBe('name');
    expect(select('import-field-4').value).toBe('region');

    // The region column is really the industry: the core maps the file again with the choice.
    await fireEvent.change(select('import-field-4'), { target: { value: 'industry' } });
    await vi.waitFor(() => expect(layout).toHaveBeenLastCalledWith(expect.objectContaining({ mapping: [{ column: 4, field: 'industry' }] })));
    await vi.waitFor(() => expect(select('import-field-4').value).toBe('industry'));

    await next('preview');
    expect(preview).toHaveBeenCalledWith(
      expect.objectContaining({ mapping: [{ column: 4, field: 'industry' }], keep_rows_with_bad_credit_code: false }),
    );
    expect([count('created'), count('merged_existing'), count('merged_in_file'), count('rejected'), count('skipped')]).toEqual(['1', '1', '1', '1', '1']);
    const rejected = rowsShown().find((r) => r.dataset.action === 'reject');
    expect(rejected?.textContent).toContain('昆山恒远精工有限公司');
    // The reason in words from the dictionary: the field, the value, and the form's own text for the problem.
    const issue = imports.sample.previews.flatMap((p) => p.preview.rows).find((r) => r.action.kind === 'reject')?.issues[0];
    expect(issue).toMatchObject({ field: 'credit_code', value: '91320583MA1ABCDE12' });
    expect(rejected?.textContent).toContain(`统一社会信用代码“91320583MA1ABCDE12”：${t(`error.${issue?.validation}` as Parameters<typeof t>[0])}`);
    const merged = rowsShown().find((r) => r.dataset.action === 'merge_existing');
    expect(merged?.textContent).toContain('并入已有单位“苏州澜海智能装备有限公司”（名称相同）');
    expect(rowsShown().find((r) => r.dataset.action === 'skip')?.textContent).toContain('合计行');

    // In English, the same reason from the other dictionary.
    setLocale('en');
    try {
      await vi.waitFor(() => expect(rejected?.textContent).toContain('Unified social credit code "91320583MA1ABCDE12"'));
    } finally {
      setLocale('zh-CN');
    }
  });

  it('keeps a row with a wrong credit code when asked, without the code', async () => {
    const { backend } = await wizard();
    const preview = vi.spyOn(backend, 'previewImport');
    await pickFile();
    await fireEvent.click(screen.getByTestId('import-bad-code-keep'));
    await next('preview');
    expect(preview).toHaveBeenLastCalledWith(expect.objectContaining({ keep_rows_with_bad_credit_code: true }));
    expect(count('rejected')).toBe('0');
    expect(count('created')).toBe('2');
    const kept = rowsShown().find((r) => r.textContent?.includes('昆山恒远精工有限公司'));
    expect(kept?.dataset.action).toBe('create');
    expect(kept?.textContent).toContain('统一社会信用代码“91320583MA1ABCDE12”有误，该行导入时不含信用代码');
  });

  it('commits, shows the counts, and undoes the whole import in one step', async () => {
    const commit = imports.sample.commit!;
    const undo = vi.fn(async () => commit.undone);
    const { app } = await wizard({ undo });
    await pickFile();
    await next('preview');
    await next('done');
    expect(screen.getByTestId('import-done-summary').textContent).toBe(
      '新建用人单位 1 家，并入已有单位 1 行，新增联系人 3 人；拒绝 1 行，跳过 1 行。',
    );
    const revision = app.revision;

    await fireEvent.click(screen.getByTestId('import-undo'));
    await screen.findByTestId('import-undone');
    expect(undo).toHaveBeenCalledOnce();
    expect(app.revision).toBeGreaterThan(revision);
    expect(screen.queryByTestId('import-undo')).toBeNull();
  });

  it('says in words what is wrong with an empty file, and stays on the first step', async () => {
    await wizard({}, { importFile: imports.empty });
    await fireEvent.click(screen.getByTestId('import-next'));
    const error = await screen.findByTestId('import-error');
    expect(error.textContent).toBe(t('error.exchange.empty'));
    expect(error.textContent).toContain('请选择填好数据的文件');
    expect(screen.getByTestId('import-step-file')).toBeTruthy();
  });

  it('shows an unreadable file’s error from the shell in the user’s language', async () => {
    await wizard({ importLayout: () => Promise.reject({ code: 'exchange.unreadable', message: 'zip error', field: null }) });
    await fireEvent.click(screen.getByTestId('import-next'));
    const error = await screen.findByTestId('import-error');
    expect(error.textContent).toContain('另存为 .xlsx');
    expect(error.textContent).not.toContain('zip error');
  });

  it('stays put when the file dialog is cancelled', async () => {
    const { backend } = await wizard({}, { importFile: null });
    const layout = vi.spyOn(backend, 'importLayout');
    await fireEvent.click(screen.getByTestId('import-next'));
    await vi.waitFor(() => expect(screen.queryByTestId('import-working')).toBeNull());
    expect(screen.getByTestId('import-step-file')).toBeTruthy();
    expect(screen.queryByTestId('import-error')).toBeNull();
    expect(layout).not.toHaveBeenCalled();
  });

  it('offers a file without known headers for mapping by hand', async () => {
    await wizard({}, { importFile: imports.no_known_headers });
    await pickFile();
    expect(screen.getByTestId('import-header-guessed').textContent).toContain('暂把第 1 行当作表头');
    expect(screen.getByTestId('import-need-name')).toBeTruthy();
    expect((screen.getByTestId('import-next') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.change(select('import-field-0'), { target: { value: 'name' } });
    await vi.waitFor(() => expect(screen.queryByTestId('import-need-name')).toBeNull());
    await next('preview');
    expect(count('created')).toBe('1');
  });

  it('says when nothing in the file can be imported, and will not import it', async () => {
    const { backend } = await wizard({}, { importFile: imports.nothing_valid });
    const commit = vi.spyOn(backend, 'commitImport');
    await pickFile();
    await next('preview');
    expect(screen.getByTestId('import-nothing-valid').textContent).toBe(t('import.nothing_valid'));
    const button = screen.getByTestId('import-next') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await fireEvent.submit(button.form as HTMLFormElement);
    expect(commit).not.toHaveBeenCalled();
  });

  it('goes on with Enter from a choice and cancels with Esc', async () => {
    const { app, backend } = await wizard();
    const preview = vi.spyOn(backend, 'previewImport');
    await pickFile();
    // The step's main button has the focus: Enter right away goes on.
    expect(document.activeElement).toBe(screen.getByTestId('import-next'));
    await fireEvent.keyDown(select('import-field-2'), { key: 'Enter' });
    await screen.findByTestId('import-step-preview');
    expect(preview).toHaveBeenCalledOnce();
    await fireEvent.keyDown(screen.getByTestId('import-next'), { key: 'Escape' });
    expect(app.router.route).toEqual({ name: 'employers' });
  });

  it('pages through a preview of 20,000 rows a hundred at a time', async () => {
    const rows: RowOutcome[] = Array.from({ length: 20_000 }, (_, i) => ({
      row: i + 2,
      name: `单位${i + 2}`,
      contact: null,
      leader: null,
      visited_on: null,
      action: i % 1000 === 0 ? { kind: 'reject' } : { kind: 'create' },
      issues: i % 1000 === 0 ? [{ code: 'name_missing', field: 'name', value: '', validation: null }] : [],
    }));
    const big = (p: Preview): Preview => ({ ...p, rows, counts: { ...p.counts, created: 19_980, rejected: 20, merged_existing: 0, merged_in_file: 0, skipped: 0 } });
    const { backend } = await wizard();
    const real = backend.previewImport;
    backend.previewImport = async (o) => big(await real(o));
    await pickFile();
    await next('preview');
    expect(rowsShown()).toHaveLength(100);
    expect(screen.getByTestId('import-page').textContent).toBe('第 1 / 200 页');
    await fireEvent.click(screen.getByTestId('import-page-next'));
    expect(rowsShown()[0]?.textContent).toContain('单位102');
    await fireEvent.click(screen.getByTestId('import-filter-reject'));
    expect(rowsShown()).toHaveLength(20);
    expect(screen.queryByTestId('import-page')).toBeNull();
    expect(screen.getAllByTestId('import-reason')[0]?.textContent).toBe(t('import.issue.name_missing'));
  });

  it('imports an employer list by default, offering only the employer fields and no people to add', async () => {
    const { backend } = await wizard();
    const layout = vi.spyOn(backend, 'importLayout');
    const preview = vi.spyOn(backend, 'previewImport');
    expect((screen.getByTestId('import-kind-employers') as HTMLInputElement).checked).toBe(true);
    await pickFile();
    expect(layout).toHaveBeenCalledWith(expect.objectContaining({ importing: 'employers', create_people: false }));
    expect(offered('import-field-0')).toEqual([...FIELDS.employers]);
    expect(offered('import-field-0')).not.toContain('leader');
    await next('preview');
    expect(preview).toHaveBeenCalledWith(expect.objectContaining({ importing: 'employers', create_people: false }));
    expect(screen.queryByTestId('import-create-people')).toBeNull();
    expect(screen.queryByTestId('import-count-visits')).toBeNull();
  });

  it('sends importing: visits to every call once the file is said to be a visit ledger', async () => {
    const { backend } = await wizard({}, { importFile: ledger });
    const layout = vi.spyOn(backend, 'importLayout');
    const preview = vi.spyOn(backend, 'previewImport');
    await fireEvent.click(screen.getByTestId('import-kind-visits'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('导入往年走访记录');
    await pickFile();
    expect(layout).toHaveBeenCalledWith(expect.objectContaining({ importing: 'visits' }));
    await next('preview');
    expect(preview).toHaveBeenCalledWith(expect.objectContaining({ importing: 'visits', create_people: false }));
  });

  it('offers the visit ledger’s fields for its columns, and not the employer list’s', async () => {
    await wizard({}, { importFile: ledger });
    await fireEvent.click(screen.getByTestId('import-kind-visits'));
    await pickFile();
    expect(offered('import-field-3')).toEqual([...FIELDS.visits]);
    expect(offered('import-field-3')).toEqual(expect.arrayContaining(['name', 'credit_code', 'leader', 'visited_on', 'positions', 'host_name']));
    expect(offered('import-field-3')).not.toContain('industry');
    expect(select('import-field-3').value).toBe('leader');
    expect(select('import-field-3').selectedOptions[0]?.textContent).toBe('牵头拜访人');
  });

  it('lists the leaders not found, and previews again with create_people when the box is ticked', async () => {
    const { backend } = await wizard({}, { importFile: ledger });
    const preview = vi.spyOn(backend, 'previewImport');
    await ledgerPreviewShown();
    expect(count('visits')).toBe('1');
    expect(count('rejected')).toBe('2');
    const rejected = rowsShown().find((r) => r.dataset.action === 'reject');
    expect(rejected?.textContent).toContain('刘建华');
    expect(rejected?.textContent).toContain('2024-11-04');
    expect(rejected?.textContent).toContain('牵头拜访人“刘建华”不在人员中');
    expect(rowsShown()[0]?.textContent).toContain('可提供岗位数“约30”不是单纯的数字');
    const box = screen.getByTestId('import-create-people') as HTMLInputElement;
    expect(box.checked).toBe(false);
    // Each leader once, however many rows name them.
    expect(screen.getByTestId('import-people-list').textContent).toContain('以下 1 位牵头拜访人不在人员中，他们的走访暂被拒绝：刘建华。');

    await fireEvent.click(box);
    await vi.waitFor(() => expect(preview).toHaveBeenLastCalledWith({ ...withPeople }));
    await vi.waitFor(() => expect(count('visits')).toBe('3'));
    expect(count('people')).toBe('1');
    expect(count('rejected')).toBe('0');
    expect((screen.getByTestId('import-create-people') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('import-people-list').textContent).toContain('将新增人员 1 人：刘建华。');
  });

  it('commits a visit ledger with create_people, shows what it added, and says undo keeps the people', async () => {
    const { backend } = await wizard({}, { importFile: ledger });
    const commit = vi.spyOn(backend, 'commitImport');
    await ledgerPreviewShown();
    await fireEvent.click(screen.getByTestId('import-create-people'));
    await vi.waitFor(() => expect(count('visits')).toBe('3'));
    await next('done');
    expect(commit).toHaveBeenCalledWith({ ...withPeople });
    expect(screen.getByTestId('import-done-summary').textContent?.trim()).toBe(
      '走访 3 次，新增单位 2 家，新增人员 1 人，岗位 2 条，基地 1 个；拒绝 0 行，跳过 0 行。',
    );
    expect(screen.getByTestId('import-people-stay').textContent).toBe('撤销导入不会删除新增的人员，可在“设置”的人员页删除。');
    expect(screen.getByTestId('import-next').textContent).toBe('查看走访记录');
  });
});
