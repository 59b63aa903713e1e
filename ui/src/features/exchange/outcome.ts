/**
 * The import's outcomes in the user's language: the core sends codes (`Action`, `IssueCode`,
 * `Field`, `validation.<problem>`), and every word shown comes from the dictionaries.
 */
import { t } from '../../i18n/index.svelte';
import type { Action, Encoding, Field, Issue, RowOutcome } from '../../lib/backend';
import { codeText } from '../../lib/errors';

/** The fields a column can be imported as, in the order the mapping step offers them. */
export const FIELDS: readonly Field[] = [
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
];

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

export function actionText(action: Action): string {
  switch (action.kind) {
    case 'merge_existing':
      return t('import.action.merge_existing', { name: action.employer_name, by: t(`import.by.${action.by}`) });
    case 'merge_in_file':
      return t('import.action.merge_in_file', { row: action.row, by: t(`import.by.${action.by}`) });
    default:
      return t(`import.action.${action.kind}`);
  }
}

/** Why a row is rejected or skipped, or what was left out of it. */
export function issueText(issue: Issue): string {
  return t(`import.issue.${issue.code}`, {
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
