/**
 * What FullCalendar draws, made from what the core's `calendar_range` returns. FullCalendar
 * runs in UTC and is given wall-clock times of the campaign's zone, so every view shows that
 * zone whatever the computer's own; `wallToInstant` turns a dropped or selected time back.
 */
import type { EventInput } from '@fullcalendar/core';
import type { Range, VisitRow } from '../../lib/backend';
import { awaitingConfirmation } from '../../lib/records';
import { addDays, fromLocalInput, toLocalInput } from '../../lib/time';

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

export type EventKind = 'visit' | 'trip' | 'occurrence' | 'campaign';

export interface Labels {
  cancelled: string;
  /** A completion waiting for its leader's confirmation (待确认). */
  awaiting: string;
}

/** Whether the person may change the work of this leader (`session.rights`); everyone's by default. */
export type MayWorkFor = (leaderId: string) => boolean;

function visitEvent(row: VisitRow, zone: string, people: readonly string[], labels: Labels, mayWorkFor: MayWorkFor): EventInput {
  const v = row.visit;
  const colour = leaderColour(v.lead_id, people);
  const start = v.actual_start ?? v.planned_start;
  const end = v.actual_end ?? v.planned_end;
  const awaiting = awaitingConfirmation(v);
  const mark = v.status === 'cancelled' ? `${labels.cancelled} · ` : awaiting ? `✓ ${labels.awaiting} · ` : v.status === 'completed' ? '✓ ' : '';
  return {
    id: `visit:${v.id}`,
    title: `${mark}${row.employer_name}${row.key_employer ? ' ★' : ''} · ${row.lead_name}`,
    start: instantToWall(start, zone),
    end: instantToWall(end, zone),
    // Only planned visits move; completed ones keep their record, cancelled ones their reason.
    // Nor do the visits of leaders the person may not work for (the core would refuse).
    editable: v.status === 'planned' && mayWorkFor(v.lead_id),
    backgroundColor: v.status === 'planned' ? colour : 'transparent',
    borderColor: colour,
    textColor: v.status === 'planned' ? '#ffffff' : colour,
    classNames: [`vd-visit`, `vd-${v.status}`, ...(awaiting ? ['vd-awaiting'] : [])],
    extendedProps: { kind: 'visit' satisfies EventKind, id: v.id, status: v.status, leadId: v.lead_id },
  };
}

/** Every event of a range: visits, trips as spans, contact-plan occurrences, and the campaign window as shading. */
export function toEvents(range: Range, people: readonly string[], labels: Labels, mayWorkFor: MayWorkFor = () => true): EventInput[] {
  const zone = range.campaign.time_zone;
  const events: EventInput[] = range.events.map((row) => visitEvent(row, zone, people, labels, mayWorkFor));
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
