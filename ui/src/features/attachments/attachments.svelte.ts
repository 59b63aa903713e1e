/** What the attachments' lists share: where an attachment sits, and a signal that one changed. */
import { t } from '../../i18n/index.svelte';
import type { Attachment, EmployerDetail, Kind } from '../../lib/backend';
import { visitDay } from '../outcomes/outcomes';

/** An employer's records an attachment may sit on, to name them (its page's `EmployerDetail`). */
export type AttachedRecords = Pick<EmployerDetail, 'visits' | 'job_postings' | 'internship_bases' | 'recruitment_events'>;

/** "岗位 · 机械设计工程师": the record an attachment sits on; "本单位" for the employer itself. */
export function placeOf(a: Attachment, records: AttachedRecords): string {
  const named = (kind: Kind, title: string | undefined): string => [t(`kind.${kind}`), title].filter(Boolean).join(' · ');
  if (a.visit_id) {
    const v = records.visits.find((x) => x.id === a.visit_id);
    return named('visit', v && visitDay(v));
  }
  if (a.job_posting_id) return named('job_posting', records.job_postings.find((x) => x.id === a.job_posting_id)?.title);
  if (a.internship_base_id) return named('internship_base', records.internship_bases.find((x) => x.id === a.internship_base_id)?.name);
  if (a.recruitment_event_id) {
    const ev = records.recruitment_events.find((x) => x.id === a.recruitment_event_id);
    return named('recruitment_event', ev && `${ev.held_on} ${t(`event_kind.${ev.kind}`)}`);
  }
  return t('attachments.on_employer');
}

/**
 * Bumped after each change made from an attachments list (added, edited), so that every list on
 * the page reads its attachments again: an employer's gallery shows those added to its postings.
 */
export const attachmentChanges = $state({ count: 0 });
