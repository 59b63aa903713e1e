/**
 * What FullCalendar draws, made from what the core's `calendar_range` returns. FullCalendar
 * runs in UTC and is given wall-clock times of the campaign's zone, so every view shows that
 * zone whatever the computer's own; `wallToInstant` turns a dropped or selected time back.
 */
import type { BusinessHoursInput, EventInput } from '@fullcalendar/core';
import type { CalendarEvent, Hidden, Official, Preferences, Range, View, VisitDetail, VisitRow } from '../../lib/backend';
import { addDays, fromLocalInput, toLocalInput } from '../../lib/time';

/**
 * The most visits of one day each view asks the core for (`calendar_range`'s `per_day`); a day
 * with more shows a "+N" event that opens it in the day view. The one place these are set.
 * Month's 4 mirrors the core's `MONTH_PER_DAY` (src-tauri/crates/core/src/calendar/mod.rs),
 * which the benchmark asks for too; the day view asks for the core's most, `MAX_PER_DAY`.
 */
export const PER_DAY: Readonly<Record<View, number>> = { month: 4, week: 12, day: 200, agenda: 40 };

/**
 * The month view's `dayMaxEvents`: its 4 visits and the "+N" fit in a cell, so FullCalendar's
 * own "+more" shows only when trips or contact-plan occurrences add to a full day.
 */
export const DAY_MAX_EVENTS = PER_DAY.month + 1;

/** FullCalendar's default `eventOrder`, but with the "+N" events (marked `last`) below the rest of their day. */
export const EVENT_ORDER = '-last,start,-duration,allDay,title';

/** Colours for leaders, in a fixed order; enough to tell a leadership team apart. */
const PALETTE = ['#1f6feb', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#be185d', '#4d7c0f', '#334155'];

/** A stable colour for each leader: by their place among all people, so it does not shift with filters. */
export function leaderColour(personId: string, people: readonly string[]): string {
  const i = people.indexOf(personId);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length] ?? '#1f6feb';
}

/** An RFC 3339 instant as FullCalendar's wall-clock text in `zone`. */
export function instantToWall(iso: string, zone: string): string {
  return `${toLocalInput(iso, zone)}:00`;
}

/** A FullCalendar date (wall-clock time of `zone`, held as UTC) as an RFC 3339 instant. */
export function wallToInstant(date: Date, zone: string): string {
  return fromLocalInput(date.toISOString().slice(0, 16), zone) ?? date.toISOString();
}

export type EventKind = 'visit' | 'more' | 'trip' | 'occurrence' | 'official' | 'campaign';

export interface Labels {
  cancelled: string;
  /** A completion waiting for its leader's confirmation (待确认). */
  awaiting: string;
  /** The "+N" of a day with more visits than the view draws. */
  /** The "+N" of a day: visits and trips left out. */
  more: (visits: number, trips: number) => string;
  /** The mark on a 调休 working day (班); a holiday shows its own name. */
  workday: string;
  /** What an official day says on hover: its name and whether it is a day off or worked. */
  official: (day: Official) => string;
}

/** Working hours as FullCalendar's `businessHours`: Monday to Friday, from the preferences. */
export function businessHours(prefs: Pick<Preferences, 'work_start' | 'work_end'>): BusinessHoursInput {
  return { daysOfWeek: [1, 2, 3, 4, 5], startTime: prefs.work_start, endTime: prefs.work_end };
}

/** Whether the person may change the work of this leader (`session.rights`); everyone's by default. */
export type MayWorkFor = (leaderId: string) => boolean;

function visitEvent(v: CalendarEvent, zone: string, people: readonly string[], labels: Labels, mayWorkFor: MayWorkFor): EventInput {
  const colour = leaderColour(v.lead_id, people);
  const mark = v.status === 'cancelled' ? `${labels.cancelled} · ` : v.awaiting ? `✓ ${labels.awaiting} · ` : v.status === 'completed' ? '✓ ' : '';
  return {
    id: `visit:${v.id}`,
    title: `${mark}${v.employer_name}${v.key_employer ? ' ★' : ''} · ${v.lead_name}`,
    start: instantToWall(v.start, zone),
    end: instantToWall(v.end, zone),
    // Only planned visits move; completed ones keep their record, cancelled ones their reason.
    // Nor do the visits of leaders the person may not work for (the core would refuse).
    editable: v.status === 'planned' && mayWorkFor(v.lead_id),
    backgroundColor: v.status === 'planned' ? colour : 'transparent',
    borderColor: colour,
    textColor: v.status === 'planned' ? '#ffffff' : colour,
    classNames: [`vd-visit`, `vd-${v.status}`, ...(v.awaiting ? ['vd-awaiting'] : [])],
    extendedProps: { kind: 'visit' satisfies EventKind, id: v.id, status: v.status, leadId: v.lead_id },
  };
}

/** The "+N" of a day with more visits (or trips starting) than drawn: an all-day event at the end of the day, which opens it. */
function moreEvent(hidden: Hidden, labels: Labels): EventInput {
  return {
    id: `more:${hidden.day}`,
    title: labels.more(hidden.visits, hidden.trips),
    start: hidden.day,
    allDay: true,
    editable: false,
    backgroundColor: '#f1f5f9',
    borderColor: '#94a3b8',
    textColor: '#334155',
    classNames: ['vd-more'],
    extendedProps: { kind: 'more' satisfies EventKind, id: hidden.day, day: hidden.day, visits: hidden.visits, last: 1 },
  };
}

/**
 * An official day as a background event of its day: a holiday shaded (`vd-holiday`) under its
 * name, a 调休 working day marked "班" (`vd-workday`); `tip` is the element's title.
 */
function officialEvent(day: Official, labels: Labels): EventInput {
  return {
    id: `official:${day.on}`,
    title: day.day_type === 'holiday' ? day.name : labels.workday,
    start: day.on,
    allDay: true,
    display: 'background',
    classNames: [`vd-${day.day_type}`],
    extendedProps: { kind: 'official' satisfies EventKind, id: day.on, tip: labels.official(day) },
  };
}

/** What an event says on hover, if anything (an official day's name and kind). */
export function tipOf(extendedProps: Record<string, unknown>): string | null {
  return typeof extendedProps.tip === 'string' ? extendedProps.tip : null;
}

/** The visits drawn and left out of a range: what the calendar has in view (`data-visits`). */
export function visitCount(range: Pick<Range, 'events' | 'hidden'>): number {
  return range.events.length + range.hidden.reduce((n, h) => n + h.visits, 0);
}

/** A visit as the trip panel lists it, from what the visit page reads (`visitDetail`). */
export function rowOf(detail: VisitDetail): VisitRow {
  return { visit: detail.visit, employer_name: detail.employer.name, lead_name: detail.lead_name, key_employer: detail.employer.is_key };
}

/**
 * Every event of a range: visits, a "+N" for each day with more, trips as spans, contact-plan
 * occurrences, and as shading the official holidays and 调休 working days and the campaign window.
 */
export function toEvents(range: Range, people: readonly string[], labels: Labels, mayWorkFor: MayWorkFor = () => true): EventInput[] {
  const zone = range.campaign.time_zone;
  const events: EventInput[] = range.events.map((v) => visitEvent(v, zone, people, labels, mayWorkFor));
  for (const h of range.hidden) events.push(moreEvent(h, labels));
  for (const span of range.trips) {
    const colour = leaderColour(span.trip.leader_id, people);
    events.push({
      id: `trip:${span.trip.id}`,
      title: `✈ ${span.trip.title} · ${span.leader_name}`,
      start: span.trip.starts_on,
      end: addDays(span.trip.ends_on, 1),
      allDay: true,
      editable: false,
      backgroundColor: '#ffffff',
      borderColor: colour,
      textColor: colour,
      classNames: ['vd-trip'],
      extendedProps: { kind: 'trip' satisfies EventKind, id: span.trip.id },
    });
  }
  for (const o of range.occurrences) {
    const colour = leaderColour(o.owner_id, people);
    events.push({
      id: `occurrence:${o.plan_id}:${o.on}`,
      title: `↻ ${o.title} · ${o.employer_name}`,
      start: instantToWall(o.start, zone),
      end: instantToWall(o.end, zone),
      editable: false,
      backgroundColor: '#ffffff',
      borderColor: colour,
      textColor: colour,
      classNames: ['vd-occurrence'],
      extendedProps: { kind: 'occurrence' satisfies EventKind, id: o.plan_id, on: o.on },
    });
  }
  for (const day of range.official_days) events.push(officialEvent(day, labels));
  // The shading is explained by the legend beside the filters, not repeated in every day.
  events.push({
    id: 'campaign',
    title: '',
    start: range.campaign.starts_on,
    end: addDays(range.campaign.ends_on, 1),
    allDay: true,
    display: 'background',
    classNames: ['vd-campaign'],
    extendedProps: { kind: 'campaign' satisfies EventKind },
  });
  return events;
}
