/**
 * Reminders as the user reads them: the core says which are due (`dueReminders`), this words
 * them in the user's language for the desktop (`notices`), and sums them up for the window
 * (`summarize`): one line ("明天 3 场走访 · 166 项跟进事项逾期"), not a note per reminder.
 * Many follow-ups due at once become one desktop notice, not a flood.
 */
import { t } from '../i18n/index.svelte';
import type { Reminder } from './backend';
import { addDays, dateIn, formatDateTime } from './time';

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

/** What reminders come to, counted: visits by the day they start, follow-ups late or due today. */
export interface Summary {
  visitsToday: number;
  visitsTomorrow: number;
  /** Visits after tomorrow (a reminder offset of more than a day). */
  visitsLater: number;
  overdue: number;
  dueToday: number;
}

/** The record a reminder is about: a visit reminded of a day and then an hour ahead counts once. */
function about(r: Reminder): string {
  return r.kind === 'visit' ? `visit:${r.visit_id}` : `task:${r.task_id}`;
}

/** The reminders shown so far and those just due, each record once (the newest reminder of it). */
export function gather(shown: readonly Reminder[], due: readonly Reminder[]): Reminder[] {
  const byRecord = new Map<string, Reminder>();
  for (const r of [...shown, ...due]) byRecord.set(about(r), r);
  return [...byRecord.values()];
}

/** `reminders` counted for the summary line, days in `zone` as of `now`. */
export function summarize(reminders: readonly Reminder[], zone: string, now: Date = new Date()): Summary {
  const today = dateIn(now, zone);
  const tomorrow = addDays(today, 1);
  const out: Summary = { visitsToday: 0, visitsTomorrow: 0, visitsLater: 0, overdue: 0, dueToday: 0 };
  for (const r of reminders) {
    if (r.kind === 'visit') {
      const day = dateIn(new Date(r.starts_at), zone);
      if (day <= today) out.visitsToday++;
      else if (day === tomorrow) out.visitsTomorrow++;
      else out.visitsLater++;
    } else if (r.due_on < today) {
      out.overdue++;
    } else {
      out.dueToday++;
    }
  }
  return out;
}
