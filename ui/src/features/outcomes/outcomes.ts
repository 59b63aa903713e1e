/**
 * What the employer and visit pages share about the records visits open up (job postings,
 * internship bases, recruitment events) and the notes and follow-ups kept beside them.
 */
import { t } from '../../i18n/index.svelte';
import type { BaseStatus, EventKind, PostingStage, Stored, Visit } from '../../lib/backend';
import { fieldLabel } from '../../lib/errors';
import type { FormError } from '../../lib/submission.svelte';
import { toLocalInput } from '../../lib/time';

export const POSTING_STAGES: readonly PostingStage[] = ['intended', 'published', 'filled', 'closed'];
export const BASE_STATUSES: readonly BaseStatus[] = ['intended', 'signed', 'unveiled', 'expired'];
export const EVENT_KINDS: readonly EventKind[] = ['talk', 'job_fair', 'double_choice', 'online_talk'];

/** The badge class of a posting's stage: promised, open, filled, closed. */
export function stageTone(stage: PostingStage): string {
  return { intended: 'accent', published: 'ok', filled: 'ok', closed: '' }[stage];
}

/** The badge class of a base's status. */
export function baseTone(status: BaseStatus): string {
  return { intended: 'accent', signed: 'ok', unveiled: 'ok', expired: 'warn' }[status];
}

/** The day a visit took place (or is planned), `YYYY-MM-DD` in its zone. */
export function visitDay(v: Pick<Visit, 'actual_start' | 'planned_start' | 'time_zone'>): string {
  return toLocalInput(v.actual_start ?? v.planned_start, v.time_zone).slice(0, 10);
}

/** "2026-10-19 走访", for a record that came from `visitId`; '' when none or not among `visits`. */
export function onVisit(visits: readonly Stored<Visit>[], visitId: string | null): string {
  const v = visitId ? visits.find((x) => x.id === visitId) : undefined;
  return v ? t('outcomes.on_visit', { date: visitDay(v) }) : '';
}

/**
 * The hint naming the right the person lacks to change a record of `visitId` (a record on a
 * visit is its leader's to change), or null.
 */
export function lacksOn(lacksWorkFor: (leaderId: string) => string | null, visits: readonly Stored<Visit>[], visitId: string | null): string | null {
  const v = visitId ? visits.find((x) => x.id === visitId) : undefined;
  return v ? lacksWorkFor(v.lead_id) : null;
}

/** What each card of records here is given, besides the records. */
export interface RecordCardProps {
  /** The employer of the page (of the visit's page): new records are its. */
  employerId: string;
  /** The employer's visits (the visit of a visit's page). */
  visits: readonly Stored<Visit>[];
  /** The visit of the page: new records are on it. */
  visitId?: string | null;
  onchanged: () => void;
}

/** What each form adding or editing a record here is given, besides the record (null for a new one). */
export interface RecordFormProps {
  /** The employer a new record is of. */
  employerId: string;
  /** The visit a new record is on. */
  visitId?: string | null;
  onsaved: () => void;
  oncancel: () => void;
}

/** A form's props when the record may be moved to another of `visits`, the employer's visits. */
export interface OnVisitFormProps extends RecordFormProps {
  visits: readonly Stored<Visit>[];
}

/** A number field's text as a whole number, or null while empty. */
export function wholeOrNull(n: number | null | undefined): number | null {
  return typeof n === 'number' && !Number.isNaN(n) ? n : null;
}

/**
 * The text of a failed save shown above a form's buttons: a refusal of a field the form shows
 * is shown under that field instead (null here); of another one, with its label in front.
 */
export function otherError(error: FormError | null, shown: readonly string[]): string | null {
  if (!error || (error.field && shown.includes(error.field))) return null;
  const label = fieldLabel(error.field);
  return label ? t('error.with_field', { field: label, error: error.text }) : error.text;
}
