/**
 * Reminders as the user reads them: the core says which are due (`dueReminders`), this words
 * them in the user's language, and the shell shows them on the desktop and in the window.
 * Many follow-ups due at once become one notice, not a flood.
 */
import { t } from '../i18n/index.svelte';
import type { Reminder } from './backend';
import { formatDateTime } from './time';

export interface Notice {
  title: string;
  body: string;
}

/** More follow-ups than this due at once are summed up in one notice. */
export const TASKS_ONE_BY_ONE = 3;

export function notices(reminders: readonly Reminder[], zone: string): Notice[] {
  const out: Notice[] = [];
  const tasks = reminders.filter((r) => r.kind === 'task');
  for (const r of reminders) {
    if (r.kind === 'visit') {
      out.push({ title: t('reminder.visit.title'), body: t('reminder.visit.body', { employer: r.employer_name, when: formatDateTime(r.starts_at, zone) }) });
    } else if (tasks.length <= TASKS_ONE_BY_ONE) {
      out.push({ title: t('reminder.task.title'), body: t('reminder.task.body', { title: r.title, date: r.due_on }) });
    }
  }
  if (tasks.length > TASKS_ONE_BY_ONE) out.push({ title: t('reminder.task.title'), body: t('reminder.tasks.body', { count: tasks.length }) });
  return out;
}
