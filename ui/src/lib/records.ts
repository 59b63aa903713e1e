import type { Person, Stored, Visit } from './backend';

/** A stored record's own fields, without its id and audit columns (what a save sends back). */
export function dataOf<T extends object>(stored: Stored<T>): T {
  const { id, audit, ...rest } = stored;
  void id;
  void audit;
  return rest as unknown as T;
}

/** A visit with nothing filled in yet: planned, on site, nothing recorded. */
export function blankVisit(timeZone: string): Visit {
  return {
    employer_id: '',
    lead_id: '',
    participant_ids: [],
    guests: '',
    status: 'planned',
    mode: 'on_site',
    planned_start: '',
    planned_end: '',
    time_zone: timeZone,
    actual_start: null,
    actual_end: null,
    objectives: '',
    summary: '',
    cancel_reason: '',
    outcome: { channel_established: false, recruitment_agreed: false, recruitment_mode: null, recruitment_on: null, exemplary: '' },
    trip_id: null,
    trip_seq: null,
    travel_note: '',
    completed_by: null,
    confirmed_by: null,
    replan_of: null,
  };
}

/**
 * Whether a visit waits for its leader's confirmation (待确认): completed, recorded by someone
 * other than its leader, and not confirmed yet (the core's `Visit::awaiting_confirmation`).
 */
export function awaitingConfirmation(v: Pick<Visit, 'status' | 'lead_id' | 'completed_by' | 'confirmed_by'>): boolean {
  return v.status === 'completed' && v.completed_by != null && v.completed_by !== v.lead_id && v.confirmed_by == null;
}

/** Whether a person leads visits (a school leader, not staff or a teacher). */
export function leadsVisits(person: { role: Person['role'] }): boolean {
  return person.role !== 'staff' && person.role !== 'teacher';
}

/** Who leads a new visit by default: the person at the keyboard if they lead visits, else the first principal leader. */
export function defaultLead(me: Stored<Person> | undefined, people: readonly Stored<Person>[]): Stored<Person> | undefined {
  return me && leadsVisits(me) ? me : people.find((p) => p.role === 'secretary' || p.role === 'president');
}

/**
 * The leaders whose visits are the person's own business, for the calendar to open on: those of
 * `worksFor` (`session.rights.works_for`: themselves, the leaders they assist, their college's)
 * who lead visits, in the order of `people`. None, meaning the whole team, for someone who works
 * for everyone (an admin: `null`) or for no leader.
 */
export function ownLeaders(worksFor: readonly string[] | null, people: readonly Stored<Person>[]): string[] {
  if (worksFor === null) return [];
  return people.filter((p) => worksFor.includes(p.id) && leadsVisits(p)).map((p) => p.id);
}
