/**
 * The import's outcomes in the user's language: the core sends codes (`Action`, `IssueCode`,
 * `Field`, `validation.<problem>`), and every word shown comes from the dictionaries.
 */
import { isMessageKey, t } from '../../i18n/index.svelte';
import type { Action, Encoding, Field, Importing, Issue, RowOutcome } from '../../lib/backend';
import { codeText } from '../../lib/errors';

/**
 * The fields a column can be imported as, by what the file holds, in the order the mapping step
 * offers them: an employer list's (the employer and its contact), or a visit ledger's (the data
 * standard's 访企拓岗数据 columns, the employer's name and credit code among them).
 */
export const FIELDS: Readonly<Record<Importing, readonly Field[]>> = {
  employers: [
    'name',
    'credit_code',
    'industry',
    'ownership',
    'size',
    'region',
    'address',
    'park',
    'is_key',
    'newly_developed',
    'developed_on',
    'notes',
    'contact_name',
    'contact_title',
    'mobile',
    'phone',
    'email',
    'alumnus',
    'alumni_year',
    'alumni_major',
  ],
  visits: [
    'name',
    'credit_code',
    'visited_on',
    'leader',
    'leader_title',
    'visit_mode',
    'host_name',
    'host_title',
    'major_code',
    'majors',
    'positions',
    'pay',
    'interns',
    'outcome_form',
    'cooperation',
    'serial',
  ],
};

/** What a file can hold, in the order the first step offers them. */
export const IMPORTING: readonly Importing[] = ['employers', 'visits'];

export const ENCODINGS: readonly Encoding[] = ['utf8', 'gb18030', 'utf16_le', 'utf16_be'];

/** A column's letter as a spreadsheet shows it: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function fieldText(field: Field): string {
  return t(`import.field.${field}`);
}

/** What happens to a row; for a past visit, the action says what becomes of its employer. */
export function actionText(action: Action, importing: Importing = 'employers'): string {
  const prefix = importing === 'visits' ? 'import.visit_action' : 'import.action';
  switch (action.kind) {
    case 'merge_existing':
      return t(`${prefix}.merge_existing`, { name: action.employer_name, by: t(`import.by.${action.by}`) });
    case 'merge_in_file':
      return t(`${prefix}.merge_in_file`, { row: action.row, by: t(`import.by.${action.by}`) });
    default:
      return t(`${prefix}.${action.kind}`);
  }
}

/**
 * The leaders of a visit ledger not among the people, in the order the file names them: those
 * whose rows are rejected for it (`leader_unknown`), or, once the user confirmed creating them,
 * those to be added (`leader_added`).
 */
export function newLeaders(rows: readonly RowOutcome[]): string[] {
  const names = new Set<string>();
  for (const r of rows) for (const i of r.issues) if ((i.code === 'leader_unknown' || i.code === 'leader_added') && i.value) names.add(i.value);
  return [...names];
}

/** Why a row is rejected or skipped, or what was left out of it. */
export function issueText(issue: Issue): string {
  // Some codes read differently when the cell held something (an unreadable date, an invalid name).
  const withValue = `import.issue.${issue.code}.value`;
  const key = issue.value && isMessageKey(withValue) ? withValue : (`import.issue.${issue.code}` as const);
  return t(key, {
    field: issue.field ? fieldText(issue.field) : '',
    value: issue.value,
    problem: issue.validation ? codeText(issue.validation) : '',
  });
}

/** The preview's filters: which actions each shows. */
export type RowFilter = 'all' | 'reject' | 'create' | 'merge' | 'skip';

export function shows(filter: RowFilter, row: RowOutcome): boolean {
  const kind = row.action.kind;
  return filter === 'all' || kind === filter || (filter === 'merge' && kind.startsWith('merge'));
}
