/**
 * The fake backend's import: a table of text cells stands for the picked file, and a small
 * part of the core's rules plans it (header found by a few synonyms or guessed, the user's
 * mapping, missing names, credit codes, totals rows, duplicates in the file and the store).
 * Enough to drive the wizard in component tests and the browser preview; the core
 * (`exchange::import`) is the authority on every rule.
 */
import type { ErrorCode, IpcError } from './index';
import type { Action, Column, Counts, Field, Format, ImportOptions, Issue, Layout, Preview, RowOutcome } from './types';

/** A picked file, as the fake sees it: rows of text cells. */
export interface FakeImportFile {
  name: string;
  format: Format;
  rows: string[][];
}

/** A messy list: a title row, a merge with the demo store, a bad credit code, a file duplicate, a totals row. */
export const SAMPLE_IMPORT: FakeImportFile = {
  name: '合作单位名单.csv',
  format: 'csv',
  rows: [
    ['2022年合作单位名单'],
    ['单位名称', '统一社会信用代码', '联系人', '手机', '所在地区'],
    ['苏州澜海智能装备有限公司', '', '周婷', '13812340001', '江苏省苏州市'],
    ['昆山恒远精工有限公司', '91320583MA1ABCDE12', '钱磊', '13812340002', '江苏省昆山市'],
    [],
    ['宁波海曙物流有限公司', '', '吴静', '13812340003', '浙江省宁波市'],
    ['宁波海曙物流有限公司', '', '郑凯', '13812340004', '浙江省宁波市'],
    ['', '', '', '', ''],
    ['合计', '', '', '', ''],
  ],
};

const SYNONYMS: [Field, string[]][] = [
  ['name', ['单位名称', '企业名称', 'name']],
  ['credit_code', ['统一社会信用代码', '信用代码']],
  ['industry', ['行业']],
  ['region', ['所在地区', '地区']],
  ['contact_name', ['联系人']],
  ['contact_title', ['职务']],
  ['mobile', ['手机']],
  ['email', ['电子邮箱', '邮箱']],
];

function fail(code: ErrorCode): IpcError {
  return { code, message: code, field: null };
}

const blankRow = (row: string[]): boolean => row.every((c) => c.trim() === '');

function fieldOf(header: string): Field | null {
  return SYNONYMS.find(([, names]) => names.includes(header.trim().toLowerCase()))?.[0] ?? null;
}

interface Located {
  header: number;
  guessed: boolean;
  columns: Column[];
}

function locate(file: FakeImportFile, options: ImportOptions): Located {
  if (file.rows.every(blankRow)) throw fail('exchange.empty');
  const found = file.rows.findIndex((r) => r.some((c) => fieldOf(c) === 'name'));
  let header: number;
  if (options.header_row !== null && options.header_row !== undefined) {
    if (options.header_row < 1 || options.header_row > file.rows.length) throw fail('exchange.header_out_of_range');
    header = options.header_row - 1;
  } else {
    header = found >= 0 ? found : file.rows.findIndex((r) => !blankRow(r));
  }
  const columns: Column[] = (file.rows[header] ?? []).map((text, i) => {
    const field = fieldOf(text);
    return { column: i, header: text, field, matched: field ? text : null, chosen: false };
  });
  for (const choice of options.mapping) {
    for (const c of columns) if (choice.field && c.field === choice.field) c.field = null;
    const c = columns[choice.column];
    if (c) Object.assign(c, { field: choice.field, matched: null, chosen: true });
  }
  return { header, guessed: options.header_row == null && found < 0, columns };
}

export function fakeLayout(file: FakeImportFile, options: ImportOptions): Layout {
  const { header, guessed, columns } = locate(file, options);
  return {
    format: file.format,
    encoding: file.format === 'csv' ? (options.encoding ?? 'utf8') : null,
    decode_errors: false,
    sheets: file.format === 'csv' ? [] : ['Sheet1'],
    sheet: file.format === 'csv' ? null : 'Sheet1',
    header_row: header + 1,
    header_guessed: guessed,
    columns,
    sample: file.rows.slice(header + 1).find((r) => !blankRow(r)) ?? [],
  };
}

/** An employer in the store, for duplicates. */
export interface Known {
  id: string;
  name: string;
  credit_code: string | null;
}

/** What a commit writes for one employer of the file. */
export interface Group {
  existing: string | null;
  name: string;
  credit_code: string | null;
  region: string;
  industry: string;
  contacts: { name: string; title: string; mobile: string | null; email: string | null }[];
}

/** The core's rules the fake borrows: credit-code normalisation (throws a validation error) and folded names. */
export interface Rules {
  creditCode: (raw: string) => string;
  nameKey: (name: string) => string;
}

export function fakePlan(file: FakeImportFile, options: ImportOptions, known: Known[], rules: Rules): { preview: Preview; groups: Group[] } {
  const { header, columns } = locate(file, options);
  if (!columns.some((c) => c.field === 'name')) throw fail('exchange.no_name_column');
  const rows: RowOutcome[] = [];
  const groups: Group[] = [];
  const firstRow = new Map<Group, number>();
  let last: Group | null = null;
  file.rows.forEach((cells, i) => {
    if (i <= header || blankRow(cells)) return;
    const get = (f: Field): string => {
      const c = columns.find((col) => col.field === f);
      return c ? (cells[c.column] ?? '').trim() : '';
    };
    const number = i + 1;
    const name = get('name');
    const issues: Issue[] = [];
    const outcome = (action: Action, contact: string | null = null): void => {
      rows.push({ row: number, name, contact, action, issues });
    };
    if (/^(合计|总计)/.test(cells.find((c) => c.trim()) ?? '')) {
      issues.push({ code: 'totals_row', field: null, value: cells[0] ?? '', validation: null });
      last = null;
      return outcome({ kind: 'skip' });
    }
    const contact = get('contact_name')
      ? { name: get('contact_name'), title: get('contact_title'), mobile: get('mobile') || null, email: get('email') || null }
      : null;
    if (!name) {
      if (last && contact) {
        last.contacts.push(contact);
        return outcome({ kind: 'merge_in_file', row: firstRow.get(last) ?? number, by: 'merged_cell' }, contact.name);
      }
      issues.push({ code: 'name_missing', field: 'name', value: '', validation: null });
      return outcome({ kind: 'reject' });
    }
    let code: string | null = null;
    const raw = get('credit_code');
    if (raw) {
      try {
        code = rules.creditCode(raw);
      } catch (e) {
        const issue: Issue = { code: 'invalid', field: 'credit_code', value: raw, validation: (e as IpcError).code };
        if (!options.keep_rows_with_bad_credit_code) {
          issues.push(issue);
          last = null;
          return outcome({ kind: 'reject' });
        }
        issues.push({ ...issue, code: 'credit_code_dropped' });
      }
    }
    const key = rules.nameKey(name);
    const inFile = groups.find((g) => (code && g.credit_code === code) || rules.nameKey(g.name) === key);
    const stored = known.find((k) => (code && k.credit_code === code) || rules.nameKey(k.name) === key);
    let group: Group;
    let action: Action;
    if (inFile) {
      group = inFile;
      action = { kind: 'merge_in_file', row: firstRow.get(inFile) ?? number, by: code && inFile.credit_code === code ? 'credit_code' : 'name' };
    } else {
      group = { existing: stored?.id ?? null, name, credit_code: code, region: get('region'), industry: get('industry'), contacts: [] };
      groups.push(group);
      firstRow.set(group, number);
      action = stored
        ? { kind: 'merge_existing', employer_id: stored.id, employer_name: stored.name, by: code && stored.credit_code === code ? 'credit_code' : 'name' }
        : { kind: 'create' };
    }
    if (contact) group.contacts.push(contact);
    last = group;
    outcome(action, contact?.name ?? null);
  });
  const count = (kind: Action['kind']): number => rows.filter((r) => r.action.kind === kind).length;
  const counts: Counts = {
    created: count('create'),
    merged_existing: count('merge_existing'),
    merged_in_file: count('merge_in_file'),
    rejected: count('reject'),
    skipped: count('skip'),
    employers_updated: 0,
    contacts_added: groups.reduce((n, g) => n + g.contacts.length, 0),
  };
  return { preview: { ...fakeLayout(file, options), columns, rows, counts }, groups };
}
