import type { Stored, Visit } from './backend';

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
  };
}
