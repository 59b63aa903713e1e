/**
 * An in-memory `Backend` for component tests and the browser preview. It keeps enough of the
 * core's behaviour to exercise the UI: first run, unlock with a right or wrong passphrase,
 * passphrases for people added later, recovery with the fixed `FAKE_RECOVERY_KEY`, locking,
 * lists and saves, a few validation rules with the core's codes, likely duplicates
 * (same credit code, or same folded name), trash, restore and undo, drafts and search.
 * It is not the core: the Rust side stays the authority on every rule.
 */
import type { Backend, BackupInfo, ErrorCode, IpcError } from './index';
import type {
  Audit,
  Campaign,
  Completion,
  Contact,
  ContactPlan,
  Filter,
  Occurrence,
  Preferences,
  Range,
  Reminder,
  Stop,
  TripDetail,
  TripSpan,
  Warning,
  Dashboard,
  DemandSurvey,
  Duplicate,
  Employer,
  EmployerCheck,
  EmployerDetail,
  Figures,
  FollowupSurvey,
  Hit,
  ImportOptions,
  InternshipBase,
  JobPosting,
  Kind,
  LeaderFigures,
  Pace,
  Person,
  Role,
  Session,
  Stored,
  Task,
  TaskRow,
  TrashEntry,
  Visit,
  VisitRow,
} from './types';
import { blankVisit } from '../records';
import { fakeLayout, fakePlan, SAMPLE_IMPORT, type FakeImportFile } from './fake-import';

/** The passphrase of every person in the demo store. */
export const FAKE_PASSPHRASE = 'correct horse';
/** The recovery key of every fake store, the demo store's included (shown once by first run). */
export const FAKE_RECOVERY_KEY = 'VD7Q-4M2K-X9PA-61TB-ZC3R-8HWN-5EJF-0KTD';

export interface FakeOptions {
  /** `none`: the first run; `demo`: a store with sample people, employers and visits. */
  store?: 'none' | 'demo';
  /** Start unlocked as the first person (demo store only). */
  unlocked?: boolean;
  /** The clock; fixed in tests. */
  now?: () => Date;
  /** Reminders that are due (the fake does not compute them). */
  reminders?: Reminder[];
  /** What the import wizard's file dialog picks (null: the user cancels); a messy sample list by default. */
  importFile?: FakeImportFile | null;
}

type Data = Record<string, unknown>;

interface Row {
  kind: Kind;
  id: string;
  data: Data;
  audit: Audit;
}

interface Change {
  batch: number;
  by: string;
  op: 'insert' | 'update' | 'delete' | 'restore' | 'undo';
  kind: Kind;
  id: string;
  before: Row | null;
  after: Row | null;
  undone: boolean;
}

function fail(code: ErrorCode, field: string | null = null): IpcError {
  return { code, message: `${field ?? ''} ${code}`.trim(), field };
}

const clone = <T>(v: T): T => structuredClone(v);

// --- validation the fake shares with the core (codes only) --------------------------------------

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The core's rule for a new passphrase (`check_passphrase`). */
function checkPassphrase(p: string): void {
  const chars = [...p];
  if (chars.length < 8) throw fail('validation.too_short', 'passphrase');
  if (chars.length > 1024 || /\p{Cc}/u.test(p)) throw fail('validation.forbidden_character', 'passphrase');
}

/** A typed recovery key as the core reads it: case, spaces and hyphens ignored, I/L → 1, O → 0. */
function normaliseRecoveryKey(typed: string): string | null {
  const key = typed
    .toUpperCase()
    .replace(/[ -]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  return /^[0-9A-HJKMNP-TV-Z]{32}$/.test(key) ? key : null;
}

function foldWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** The check character of a credit code's first 17 characters (GB 32100-2015). */
export function creditCheckChar(body: string): string | null {
  if (body.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_ALPHABET.indexOf(body[i] ?? '');
    if (v < 0) return null;
    sum += v * (CREDIT_WEIGHTS[i] ?? 0);
  }
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31] ?? null;
}

function creditCode(raw: string): string {
  const code = foldWidth(raw).replace(/[\s-]/g, '').toUpperCase();
  const field = 'employer.credit_code';
  if ([...code].length !== 18) throw fail('validation.credit_code_length', field);
  if ([...code].some((c) => !CREDIT_ALPHABET.includes(c))) throw fail('validation.credit_code_character', field);
  if (creditCheckChar(code.slice(0, 17)) !== code[17]) throw fail('validation.credit_code_check', field);
  return code;
}

/** A name folded the way the core compares employers for duplicates. */
export function nameKey(name: string): string {
  const folded = [...foldWidth(name)]
    .filter((c) => !/\s/.test(c))
    .map((c) => ('（【[〔'.includes(c) ? '(' : '）】]〕'.includes(c) ? ')' : c.toLowerCase()))
    .join('');
  return folded.replaceAll('有限责任公司', '有限公司').replaceAll('股份有限公司', '有限公司');
}

function line(field: string, value: unknown, required = true): string {
  const s = String(value ?? '').trim();
  if (required && s === '') throw fail('validation.required', field);
  if ([...s].length > 200) throw fail('validation.too_long', field);
  return s;
}

function phone(field: string, value: string | null): string | null {
  if (value === null || value.trim() === '') return null;
  const digits = foldWidth(value).replace(/[\s\-()转]/g, '');
  if (!/^(1[3-9]\d{9}|0\d{9,11}|[48]00\d{7})$/.test(digits)) throw fail('validation.phone', field);
  return value.trim();
}

function email(field: string, value: string | null): string | null {
  if (value === null || value.trim() === '') return null;
  if (!/^[^\s@<>]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value.trim())) throw fail('validation.email', field);
  return value.trim();
}

function span(field: string, start: string, end: string): void {
  if (!(new Date(end).getTime() > new Date(start).getTime())) throw fail('validation.end_before_start', field);
}

function rating(field: string, n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 5) throw fail('validation.out_of_range', field);
}

function validate(kind: Kind, data: Data): Data {
  switch (kind) {
    case 'employer': {
      const e = data as unknown as Employer;
      if (e.origin === 'newly_developed' && !e.developed_on) throw fail('validation.required', 'employer.developed_on');
      return {
        ...e,
        name: line('employer.name', e.name),
        credit_code: e.credit_code?.trim() ? creditCode(e.credit_code) : null,
        industry: line('employer.industry', e.industry, false),
        region: line('employer.region', e.region, false),
        developed_on: e.origin === 'newly_developed' ? e.developed_on : null,
      };
    }
    case 'contact': {
      const c = data as unknown as Contact;
      if (c.is_alumnus && c.alumni_year !== null && (c.alumni_year < 1900 || c.alumni_year > 2100)) {
        throw fail('validation.out_of_range', 'contact.alumni_year');
      }
      return {
        ...c,
        name: line('contact.name', c.name),
        phone: phone('contact.phone', c.phone),
        mobile: phone('contact.mobile', c.mobile),
        email: email('contact.email', c.email),
        alumni_year: c.is_alumnus ? c.alumni_year : null,
        alumni_major: c.is_alumnus ? c.alumni_major : '',
      };
    }
    case 'person': {
      const p = data as unknown as Person;
      return { ...p, name: line('person.name', p.name), phone: phone('person.phone', p.phone), email: email('person.email', p.email) };
    }
    case 'campaign': {
      const c = data as unknown as Campaign;
      if (c.ends_on < c.starts_on) throw fail('validation.end_before_start', 'campaign.ends_on');
      if (c.target_per_principal < 1) throw fail('validation.out_of_range', 'campaign.target_per_principal');
      if (c.target_new_employers < 1) throw fail('validation.out_of_range', 'campaign.target_new_employers');
      return { ...c, name: line('campaign.name', c.name) };
    }
    case 'visit': {
      const v = data as unknown as Visit;
      span('visit.planned_end', v.planned_start, v.planned_end);
      if (v.status === 'completed') {
        if (!v.actual_start) throw fail('validation.required', 'visit.actual_start');
        if (!v.actual_end) throw fail('validation.required', 'visit.actual_end');
        span('visit.actual_end', v.actual_start, v.actual_end);
      }
      return { ...v, participant_ids: [...new Set(v.participant_ids.filter((p) => p !== v.lead_id))] };
    }
    case 'job_posting': {
      const j = data as unknown as JobPosting;
      if (!(j.headcount >= 1)) throw fail('validation.out_of_range', 'job_posting.headcount');
      return { ...j, title: line('job_posting.title', j.title) };
    }
    case 'internship_base': {
      const b = data as unknown as InternshipBase;
      return { ...b, name: line('internship_base.name', b.name) };
    }
    case 'followup_survey': {
      const f = data as unknown as FollowupSurvey;
      rating('followup_survey.satisfaction_moral', f.satisfaction_moral);
      rating('followup_survey.satisfaction_literacy', f.satisfaction_literacy);
      rating('followup_survey.satisfaction_ability', f.satisfaction_ability);
      return { ...f, graduates_employed: Math.max(f.graduates_employed, f.graduates.length) };
    }
    case 'task': {
      const t = data as unknown as Task;
      return { ...t, title: line('task.title', t.title) };
    }
    default:
      return data;
  }
}

/** Fields that point at other records: (field, kind). */
function references(kind: Kind, data: Data): [string, Kind, string][] {
  const refs: [string, Kind, string | null | undefined][] = [];
  const d = data as Record<string, string | null | undefined>;
  switch (kind) {
    case 'contact':
    case 'job_posting':
    case 'internship_base':
    case 'note':
      refs.push([`${kind}.employer_id`, 'employer', d.employer_id]);
      break;
    case 'visit':
      refs.push(['visit.employer_id', 'employer', d.employer_id], ['visit.lead_id', 'person', d.lead_id]);
      for (const p of (data as unknown as Visit).participant_ids) refs.push(['visit.participant_ids', 'person', p]);
      break;
    case 'demand_survey':
    case 'followup_survey':
      refs.push([`${kind}.visit_id`, 'visit', d.visit_id]);
      break;
    case 'task':
      refs.push(['task.owner_id', 'person', d.owner_id], ['task.employer_id', 'employer', d.employer_id]);
      break;
  }
  return refs.filter((r): r is [string, Kind, string] => typeof r[2] === 'string' && r[2] !== '');
}

const DEPENDENTS: Partial<Record<Kind, [Kind, string][]>> = {
  employer: [
    ['contact', 'employer_id'],
    ['visit', 'employer_id'],
    ['job_posting', 'employer_id'],
    ['internship_base', 'employer_id'],
    ['note', 'employer_id'],
    ['task', 'employer_id'],
  ],
  visit: [
    ['demand_survey', 'visit_id'],
    ['followup_survey', 'visit_id'],
    ['job_posting', 'visit_id'],
    ['internship_base', 'visit_id'],
    ['note', 'visit_id'],
    ['task', 'visit_id'],
  ],
};

function title(kind: Kind, d: Data): string {
  switch (kind) {
    case 'visit':
      return String((d.actual_start as string | null) ?? d.planned_start).slice(0, 10);
    case 'internship_base':
    case 'employer':
    case 'contact':
    case 'person':
    case 'campaign':
      return String(d.name ?? '');
    case 'demand_survey':
      return (d.majors_wanted as string[]).join('、');
    case 'followup_survey':
      return (d.graduates as { name: string }[]).map((g) => g.name).join('、');
    default:
      return String(d.title ?? d.body ?? '');
  }
}

function searchText(d: Data): string {
  const parts: string[] = [];
  const walk = (v: unknown, key: string): void => {
    const choices = ['status', 'time_zone', 'education', 'ownership', 'size', 'origin', 'role', 'mode', 'recruitment_mode'];
    if (key.endsWith('_id') || key.endsWith('_ids') || choices.includes(key)) return;
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, ''));
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => walk(x, k));
  };
  walk(d, '');
  return parts.filter((p) => p && !/^\d{4}-\d{2}-\d{2}/.test(p)).join(' ');
}

function snippet(text: string, needle: string): string {
  const at = Math.max(0, text.toLowerCase().indexOf(needle.toLowerCase()));
  const start = Math.max(0, at - 20);
  const out = text.slice(start, start + 60);
  return `${start > 0 ? '…' : ''}${out}${start + 60 < text.length ? '…' : ''}`;
}

function pace(target: number, actual: number, elapsed: number): Pace {
  const expected = target * elapsed;
  return {
    target,
    actual,
    elapsed,
    expected_by_now: expected,
    projected: elapsed > 0 ? actual / elapsed : actual,
    on_track: actual >= Math.floor(expected) || actual >= target,
  };
}

function dayIn(iso: string, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(iso),
  );
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

class FakeStore {
  exists = false;
  actor: string | null = null;
  passphrases = new Map<string, string>();
  school = '';
  autoLock = 15;
  rows = new Map<string, Row>();
  drafts = new Map<string, string>();
  history: Change[] = [];
  calendarPrefs: Preferences = { view: 'week', recent_visit_days: 30, reminder_minutes: [1440, 60] };
  /** Reminders the test says are due, what was delivered, and the notices shown. */
  reminders: Reminder[] = [];
  delivered: string[] = [];
  notices: { title: string; body: string }[] = [];
  /** Backups: what the store held when each was made. */
  backups: { info: BackupInfo; rows: Map<string, Row> }[] = [];
  /** The file the open dialog offers, and the one picked (kept for the wizard's steps, as the shell does). */
  importOffer: FakeImportFile | null = SAMPLE_IMPORT;
  picked: FakeImportFile | null = null;
  /** Wrong passphrases in a row, and when the last came (fake clock, ms). */
  failures = 0;
  lastFailure = 0;
  #ids = 0;
  #batch = 0;
  constructor(readonly now: () => Date) {}

  /** The core's unlock delay, simplified: 10 s after each wrong passphrase beyond the fifth. */
  throttleWait(): number {
    if (this.failures < 5) return 0;
    return Math.max(0, Math.ceil((this.lastFailure + 10_000 - this.now().getTime()) / 1000));
  }

  backup(kind: BackupInfo['kind']): BackupInfo {
    const stamp = this.nowIso().replace(/[-:]/g, '');
    const base = kind === 'regular' ? stamp : `${stamp}-before-restore`;
    const taken = new Set(this.backups.map((b) => b.info.name));
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    const info: BackupInfo = { name, taken_at: this.nowIso(), bytes: JSON.stringify([...this.rows.values()]).length, kind };
    this.backups.push({ info, rows: clone(this.rows) });
    return clone(info);
  }

  nowIso(): string {
    return this.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  newId(): string {
    this.#ids++;
    return `00000000-0000-7000-8000-${String(this.#ids).padStart(12, '0')}`;
  }

  stored<T>(row: Row): Stored<T> {
    return { id: row.id, ...(clone(row.data) as T), audit: clone(row.audit) };
  }

  live(kind: Kind): Row[] {
    return [...this.rows.values()].filter((r) => r.kind === kind && r.audit.deleted_at === null);
  }

  get(kind: Kind, id: string): Row {
    const row = this.rows.get(id);
    if (!row || row.kind !== kind || row.audit.deleted_at !== null) throw fail('not_found');
    return row;
  }

  campaign(): Row {
    const c = this.live('campaign')[0];
    if (!c) throw fail('not_found');
    return c;
  }

  /** Runs `f` as one batch of changes (what undo reverts). */
  batch<T>(f: (b: number) => T): T {
    const b = ++this.#batch;
    const mark = this.history.length;
    const snapshot = new Map([...this.rows].map(([k, v]) => [k, clone(v)]));
    try {
      return f(b);
    } catch (e) {
      this.rows = snapshot;
      this.history.length = mark;
      throw e;
    }
  }

  record(b: number, op: Change['op'], kind: Kind, id: string, before: Row | null): void {
    const after = this.rows.get(id) ?? null;
    this.history.push({ batch: b, by: this.actor ?? '', op, kind, id, before, after: after && clone(after), undone: false });
  }

  checkRefs(kind: Kind, data: Data): void {
    for (const [field, k, id] of references(kind, data)) {
      const r = this.rows.get(id);
      if (!r || r.kind !== k || r.audit.deleted_at !== null) throw fail('validation.unknown_reference', field);
    }
  }

  insert(b: number, kind: Kind, data: Data, id = this.newId()): Row {
    const clean = validate(kind, clone(data));
    this.checkRefs(kind, clean);
    const at = this.nowIso();
    const by = this.actor ?? id;
    const row: Row = { kind, id, data: clean, audit: { created_at: at, updated_at: at, created_by: by, updated_by: by, deleted_at: null } };
    this.rows.set(id, row);
    this.record(b, 'insert', kind, id, null);
    return row;
  }

  update(b: number, kind: Kind, id: string, data: Data): Row {
    const before = clone(this.get(kind, id));
    const clean = validate(kind, clone(data));
    this.checkRefs(kind, clean);
    const row: Row = { ...before, data: clean, audit: { ...before.audit, updated_at: this.nowIso(), updated_by: this.actor ?? '' } };
    this.rows.set(id, row);
    this.record(b, 'update', kind, id, before);
    return row;
  }

  save(kind: Kind, id: string | null, data: Data): Row {
    return this.batch((b) => (id === null ? this.insert(b, kind, data) : this.update(b, kind, id, data)));
  }

  remove(b: number, kind: Kind, id: string): number {
    const before = clone(this.get(kind, id));
    this.rows.set(id, { ...before, audit: { ...before.audit, deleted_at: this.nowIso() } });
    this.record(b, 'delete', kind, id, before);
    let n = 1;
    for (const [child, column] of DEPENDENTS[kind] ?? []) {
      for (const r of this.live(child)) if (r.data[column] === id) n += this.remove(b, child, r.id);
    }
    return n;
  }
}

function session(s: FakeStore): Session {
  return {
    person: s.stored<Person>(s.get('person', s.actor ?? '')),
    school: s.school,
    campaign: s.stored<Campaign>(s.campaign()),
  };
}

function requireUnlocked(s: FakeStore): string {
  if (!s.exists) throw fail('store.missing');
  if (s.actor === null) throw fail('store.locked');
  return s.actor;
}

function visitRow(s: FakeStore, row: Row): VisitRow {
  const v = row.data as unknown as Visit;
  return {
    visit: s.stored<Visit>(row),
    employer_name: String(s.rows.get(v.employer_id)?.data.name ?? ''),
    lead_name: String(s.rows.get(v.lead_id)?.data.name ?? ''),
    key_employer: s.rows.get(v.employer_id)?.data.is_key === true,
  };
}

// --- the calendar: enough of the core's rules to drive the calendar's components ----------------

function visitEnd(row: Row): string {
  return String(row.data.actual_end ?? row.data.planned_end);
}

function everyone(v: Visit): string[] {
  return [v.lead_id, ...v.participant_ids.filter((p) => p !== v.lead_id)];
}

/** Of the core's warnings, the fake knows double bookings only. */
function conflicts(s: FakeStore, id: string | null, visit: Visit): Warning[] {
  if (visit.status === 'cancelled') return [];
  const start = visit.actual_start ?? visit.planned_start;
  const end = visit.actual_end ?? visit.planned_end;
  const out: Warning[] = [];
  for (const row of liveVisits(s)) {
    const other = row.data as unknown as Visit;
    if (row.id === id || other.status === 'cancelled' || visitStart(row) >= end || visitEnd(row) <= start) continue;
    for (const p of everyone(other).filter((p) => everyone(visit).includes(p))) {
      out.push({
        kind: 'double_booked',
        person_id: p,
        person_name: String(s.rows.get(p)?.data.name ?? ''),
        visit_id: row.id,
        employer_name: String(s.rows.get(other.employer_id)?.data.name ?? ''),
        starts_at: visitStart(row),
      });
    }
  }
  return out;
}

/** Monthly or quarterly dates from `first_on` (the month's last day when it is shorter); skips honoured, moves ignored. */
function occurrences(s: FakeStore, from: string, to: string): Occurrence[] {
  const out: Occurrence[] = [];
  for (const row of s.live('contact_plan')) {
    const p = row.data as unknown as ContactPlan;
    const step = p.frequency === 'monthly' ? 1 : 3;
    const [y, m, d] = p.first_on.split('-').map(Number) as [number, number, number];
    for (let n = 0; n < 240; n++) {
      const last = new Date(Date.UTC(y, m - 1 + n * step + 1, 0)).getUTCDate();
      const on = new Date(Date.UTC(y, m - 1 + n * step, Math.min(d, last))).toISOString().slice(0, 10);
      if ((p.until && on > p.until) || `${on}T00:00:00Z` >= to) break;
      const start = `${on}T${p.at.slice(0, 5)}:00+08:00`;
      const startIso = new Date(start).toISOString().replace(/\.\d{3}Z$/, 'Z');
      if (startIso < from || p.changes.some((c) => c.on === on && c.skipped)) continue;
      const end = new Date(new Date(start).getTime() + p.minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const employer_name = String(s.rows.get(p.employer_id)?.data.name ?? '');
      out.push({ plan_id: row.id, on, start: startIso, end, title: p.title, employer_id: p.employer_id, employer_name, owner_id: p.owner_id, changed: false, note: '' });
    }
  }
  return out;
}

function calendarRange(s: FakeStore, from: string, to: string, filter: Filter): Range {
  const campaign = s.stored<Campaign>(s.campaign());
  const events = liveVisits(s)
    .filter((r) => visitStart(r) < to && visitEnd(r) > from)
    .filter((r) => {
      const v = r.data as unknown as Visit;
      if (filter.leaders.length && !everyone(v).some((p) => filter.leaders.includes(p))) return false;
      if (filter.statuses.length && !filter.statuses.includes(v.status)) return false;
      if (filter.modes.length && !filter.modes.includes(v.mode)) return false;
      return !filter.key_only || s.rows.get(v.employer_id)?.data.is_key === true;
    })
    .map((r) => visitRow(s, r));
  const trips: TripSpan[] = s
    .live('trip')
    .filter((t) => String(t.data.starts_on) < to.slice(0, 10) && String(t.data.ends_on) >= from.slice(0, 10))
    .map((t) => ({ trip: s.stored(t), leader_name: String(s.rows.get(String(t.data.leader_id))?.data.name ?? '') }));
  return { events, trips, occurrences: occurrences(s, from, to), campaign };
}

function tripDetail(s: FakeStore, id: string): TripDetail {
  const trip = s.get('trip', id);
  const stops = liveVisits(s)
    .filter((v) => v.data.trip_id === id)
    .sort((a, b) => Number(a.data.trip_seq) - Number(b.data.trip_seq))
    .map((v) => visitRow(s, v));
  return { trip: s.stored(trip), leader_name: String(s.rows.get(String(trip.data.leader_id))?.data.name ?? ''), stops };
}

function setItinerary(s: FakeStore, b: number, id: string, stops: Stop[]): void {
  const leader = String(s.get('trip', id).data.leader_id);
  for (const row of liveVisits(s).filter((v) => v.data.trip_id === id && !stops.some((st) => st.visit_id === v.id))) {
    s.update(b, 'visit', row.id, { ...row.data, trip_id: null, trip_seq: null, travel_note: '' });
  }
  stops.forEach((stop, i) => {
    const row = s.get('visit', stop.visit_id);
    if (!everyone(row.data as unknown as Visit).includes(leader)) throw fail('validation.not_a_participant', 'trip.stops');
    s.update(b, 'visit', row.id, { ...row.data, trip_id: id, trip_seq: i + 1, travel_note: stop.travel_note });
  });
}

function taskRow(s: FakeStore, row: Row): TaskRow {
  const t = row.data as unknown as Task;
  return {
    task: s.stored<Task>(row),
    owner_name: String(s.rows.get(t.owner_id)?.data.name ?? ''),
    employer_name: t.employer_id ? String(s.rows.get(t.employer_id)?.data.name ?? '') : null,
  };
}

function liveVisits(s: FakeStore): Row[] {
  return s
    .live('visit')
    .filter((v) => s.rows.get(String(v.data.employer_id))?.audit.deleted_at === null)
    .sort((a, b) => visitStart(a).localeCompare(visitStart(b)));
}

function visitStart(row: Row): string {
  return String(row.data.actual_start ?? row.data.planned_start);
}

function figures(s: FakeStore): Figures {
  const crow = s.campaign();
  const c = crow.data as unknown as Campaign;
  const tz = c.time_zone;
  const today = dayIn(s.nowIso(), tz);
  const days = (a: string, b: string): number => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
  const window = days(c.starts_on, c.ends_on) + 1;
  const elapsed = today < c.starts_on ? 0 : Math.min(1, (days(c.starts_on, today) + 1) / window);
  const inWindow = (v: Row): boolean => {
    const d = dayIn(visitStart(v), tz);
    return d >= c.starts_on && d <= c.ends_on;
  };
  const visits = liveVisits(s).filter(inWindow);
  const done = visits.filter((v) => v.data.status === 'completed');
  const people = (v: Row): string[] => [String(v.data.lead_id), ...(v.data.participant_ids as string[])];
  const leaders: LeaderFigures[] = s
    .live('person')
    .filter((p) => ['secretary', 'president', 'leader'].includes(String(p.data.role)))
    .map((p) => {
      const mine = done.filter((v) => people(v).includes(p.id));
      const employers = new Set(mine.map((v) => String(v.data.employer_id))).size;
      const role = p.data.role as Role;
      return {
        person_id: p.id,
        name: String(p.data.name),
        role,
        employers_visited: employers,
        visits_completed: mine.length,
        visits_planned: visits.filter((v) => v.data.status === 'planned' && people(v).includes(p.id)).length,
        pace: role === 'secretary' || role === 'president' ? pace(c.target_per_principal, employers, elapsed) : null,
      };
    })
    .sort((a, b) => ['secretary', 'president', 'leader'].indexOf(a.role) - ['secretary', 'president', 'leader'].indexOf(b.role));
  const newly = s
    .live('employer')
    .filter((e) => e.data.origin === 'newly_developed' && String(e.data.developed_on) >= c.starts_on && String(e.data.developed_on) <= c.ends_on).length;
  const doneIds = new Set(done.map((v) => v.id));
  const obtained = (kind: Kind): Row[] =>
    s.live(kind).filter((r) => (r.data.visit_id ? doneIds.has(String(r.data.visit_id)) : true) && s.rows.get(String(r.data.employer_id))?.audit.deleted_at === null);
  const postings = obtained('job_posting');
  const followups = s.live('followup_survey').filter((f) => doneIds.has(String(f.data.visit_id)));
  const mean = (key: string): number | null =>
    followups.length ? followups.reduce((sum, f) => sum + Number(f.data[key]), 0) / followups.length : null;
  return {
    campaign_id: crow.id,
    campaign: clone(c),
    period: { from: c.starts_on, to: c.ends_on },
    today,
    leaders,
    newly_developed: pace(c.target_new_employers, newly, elapsed),
    visits_completed: done.length,
    visits_planned: visits.filter((v) => v.data.status === 'planned').length,
    visits_cancelled: visits.filter((v) => v.data.status === 'cancelled').length,
    employers_visited: new Set(done.map((v) => String(v.data.employer_id))).size,
    channels: done.filter((v) => (v.data.outcome as Visit['outcome']).channel_established).length,
    recruitment_sessions: done.filter((v) => (v.data.outcome as Visit['outcome']).recruitment_agreed).length,
    job_postings: postings.length,
    job_headcount: postings.reduce((n, p) => n + Number(p.data.headcount), 0),
    internship_bases: obtained('internship_base').length,
    demand_surveys: s.live('demand_survey').filter((d) => doneIds.has(String(d.data.visit_id))).length,
    satisfaction: {
      surveys: followups.length,
      moral: mean('satisfaction_moral'),
      literacy: mean('satisfaction_literacy'),
      ability: mean('satisfaction_ability'),
    },
    overdue_tasks: s.live('task').filter((t) => t.data.done_on === null && String(t.data.due_on) < today).length,
  };
}

/** As the core's dashboard::LIST_LIMIT. */
const DASHBOARD_LIST_LIMIT = 20;

function dashboard(s: FakeStore): Dashboard {
  const f = figures(s);
  const weekday = (new Date(`${f.today}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = addDays(f.today, -weekday);
  const sunday = addDays(monday, 6);
  const tz = f.campaign.time_zone;
  const week = liveVisits(s)
    .filter((v) => v.data.status === 'planned')
    .filter((v) => {
      const d = dayIn(visitStart(v), tz);
      return d >= monday && d <= sunday;
    });
  return {
    figures: f,
    this_week: week.slice(0, DASHBOARD_LIST_LIMIT).map((v) => visitRow(s, v)),
    this_week_total: week.length,
    overdue: s
      .live('task')
      .filter((t) => t.data.done_on === null && String(t.data.due_on) < f.today)
      .sort((a, b) => String(a.data.due_on).localeCompare(String(b.data.due_on)))
      .slice(0, DASHBOARD_LIST_LIMIT)
      .map((t) => taskRow(s, t)),
  };
}

function duplicates(s: FakeStore, e: Employer, except: string | null): Duplicate[] {
  const found: Duplicate[] = [];
  let code: string | null = null;
  try {
    code = e.credit_code?.trim() ? creditCode(e.credit_code) : null;
  } catch {
    code = null;
  }
  const key = nameKey(e.name);
  for (const r of s.live('employer')) {
    if (r.id === except) continue;
    if (code && r.data.credit_code === code) found.push({ id: r.id, name: String(r.data.name), reason: 'credit_code' });
  }
  for (const r of s.live('employer')) {
    if (r.id === except || found.some((d) => d.id === r.id)) continue;
    if (key && nameKey(String(r.data.name)) === key) found.push({ id: r.id, name: String(r.data.name), reason: 'name' });
  }
  return found;
}

function pickedFile(s: FakeStore): FakeImportFile {
  if (!s.picked) throw fail('invalid');
  return s.picked;
}

function importPlan(s: FakeStore, options: ImportOptions): ReturnType<typeof fakePlan> {
  const known = s.live('employer').map((r) => ({ id: r.id, name: String(r.data.name), credit_code: (r.data.credit_code as string | null) ?? null }));
  return fakePlan(pickedFile(s), options, known, { creditCode, nameKey });
}

function makeBackend(s: FakeStore): Backend {
  const unlocked = <T>(f: (actor: string) => T): Promise<T> => {
    try {
      return Promise.resolve(f(requireUnlocked(s)));
    } catch (e) {
      return Promise.reject(e as IpcError);
    }
  };
  const open = <T>(f: () => T): Promise<T> => {
    try {
      return Promise.resolve(f());
    } catch (e) {
      return Promise.reject(e as IpcError);
    }
  };
  const surveyTarget = (visitId: string): void => {
    if (s.get('visit', visitId).data.status === 'cancelled') throw fail('validation.invalid_state', 'visit.status');
  };
  const replaceSurvey = (kind: Kind, data: Data): Row => {
    surveyTarget(String(data.visit_id));
    const existing = s.live(kind).find((r) => r.data.visit_id === data.visit_id);
    return s.save(kind, existing?.id ?? null, data);
  };

  return {
    appVersion: () => Promise.resolve('0.0.0-test'),

    storeStatus: () =>
      Promise.resolve({
        exists: s.exists,
        unlocked: s.actor !== null,
        people: [...s.passphrases.keys()].map((id) => ({ person_id: id, label: String(s.rows.get(id)?.data.name ?? '') })),
      }),
    createStore: (input) =>
      open(() => {
        if (s.exists) throw fail('store.exists');
        checkPassphrase(input.passphrase);
        line('settings.school', input.school);
        const personId = s.newId();
        s.actor = personId;
        s.batch((b) => {
          s.insert(b, 'person', { name: input.person_name, role: input.role, title: '', phone: null, email: null }, personId);
          s.insert(b, 'campaign', {
            name: input.campaign_name,
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            time_zone: 'Asia/Shanghai',
            target_per_principal: 100,
            target_new_employers: 100,
          });
        });
        s.history.length = 0;
        s.school = input.school.trim();
        s.passphrases.set(personId, input.passphrase);
        s.exists = true;
        return { session: session(s), recovery_key: FAKE_RECOVERY_KEY };
      }),
    unlock: (personId, passphrase) =>
      open(() => {
        if (!s.exists) throw fail('store.missing');
        const wait = s.throttleWait();
        if (wait > 0) throw { ...fail('store.throttled'), retry_after_seconds: wait };
        const expected = s.passphrases.get(personId);
        if (expected === undefined) throw fail('store.no_such_slot');
        if (expected !== passphrase) {
          s.failures++;
          s.lastFailure = s.now().getTime();
          throw fail('store.wrong_secret');
        }
        s.failures = 0;
        s.actor = personId;
        return session(s);
      }),
    recover: (recoveryKey, personId, passphrase) =>
      open(() => {
        // In the core's order: the new passphrase, then the key, then the person.
        if (!s.exists) throw fail('store.missing');
        checkPassphrase(passphrase);
        if (normaliseRecoveryKey(recoveryKey) !== normaliseRecoveryKey(FAKE_RECOVERY_KEY)) throw fail('store.wrong_secret');
        s.get('person', personId);
        s.passphrases.set(personId, passphrase);
        s.actor = personId;
        return session(s);
      }),
    lock: () => {
      s.actor = null;
      s.picked = null;
      return Promise.resolve();
    },
    touch: () => Promise.resolve(),
    watchLock: () => Promise.resolve(),

    listBackups: () => unlocked(() => s.backups.map((b) => clone(b.info)).reverse()),
    backupNow: () => unlocked(() => s.backup('regular')),
    restoreBackup: (name, personId, passphrase) =>
      open(() => {
        s.actor = null;
        const found = s.backups.find((b) => b.info.name === name);
        if (!found) throw fail('invalid');
        if (s.passphrases.get(personId) !== passphrase) throw fail('store.wrong_secret');
        const kept = s.backup('before_restore');
        s.rows = clone(found.rows);
        return kept;
      }),
    checkStore: (personId, passphrase) =>
      open(() => {
        if (s.passphrases.get(personId) !== passphrase) throw fail('store.wrong_secret');
        return { problems: [], newest_good_backup: null };
      }),

    dashboard: () => unlocked(() => dashboard(s)),

    listPeople: () => unlocked(() => s.live('person').map((r) => s.stored<Person>(r))),
    savePerson: (id, person) => unlocked(() => s.stored<Person>(s.save('person', id, person as unknown as Data))),
    setPassphrase: (personId, passphrase) =>
      unlocked(() => {
        checkPassphrase(passphrase);
        s.get('person', personId);
        s.passphrases.set(personId, passphrase);
      }),
    listEmployers: (filter) =>
      unlocked(() =>
        s
          .live('employer')
          .filter((r) => {
            const e = r.data as unknown as Employer;
            if (filter.industry?.trim() && e.industry !== filter.industry.trim()) return false;
            if (filter.region?.trim() && !e.region.startsWith(filter.region.trim())) return false;
            if (filter.key_only && !e.is_key) return false;
            if (filter.origin && e.origin !== filter.origin) return false;
            return true;
          })
          .sort((a, b) => String(a.data.name).localeCompare(String(b.data.name), 'zh-CN'))
          .slice(0, filter.limit ?? 10_000)
          .map((r) => s.stored<Employer>(r)),
      ),
    employerDetail: (id) =>
      unlocked((): EmployerDetail => {
        const employer = s.stored<Employer>(s.get('employer', id));
        const of = <T>(kind: Kind): Stored<T>[] => s.live(kind).filter((r) => r.data.employer_id === id).map((r) => s.stored<T>(r));
        const visits = liveVisits(s).filter((v) => v.data.employer_id === id).reverse();
        const visitIds = new Set(visits.map((v) => v.id));
        const ofVisits = <T>(kind: Kind): Stored<T>[] =>
          s.live(kind).filter((r) => visitIds.has(String(r.data.visit_id))).map((r) => s.stored<T>(r));
        return {
          employer,
          contacts: of<Contact>('contact'),
          visits: visits.map((v) => s.stored<Visit>(v)),
          job_postings: of<JobPosting>('job_posting').reverse(),
          internship_bases: of<InternshipBase>('internship_base').reverse(),
          demand_surveys: ofVisits<DemandSurvey>('demand_survey'),
          followup_surveys: ofVisits<FollowupSurvey>('followup_survey'),
          notes: [],
        };
      }),
    checkEmployer: (id, employer) =>
      unlocked((): EmployerCheck => {
        let error: EmployerCheck['error'] = null;
        try {
          validate('employer', employer as unknown as Data);
        } catch (e) {
          const err = e as IpcError;
          error = { code: err.code, field: err.field ?? '' };
        }
        return { error, duplicates: duplicates(s, employer, id) };
      }),
    saveEmployer: (id, employer) => unlocked(() => s.stored<Employer>(s.save('employer', id, employer as unknown as Data))),
    saveContact: (id, contact) => unlocked(() => s.stored<Contact>(s.save('contact', id, contact as unknown as Data))),

    visitsBetween: (from, to) =>
      unlocked(() =>
        liveVisits(s)
          .filter((v) => visitStart(v) >= from && visitStart(v) < to)
          .map((v) => visitRow(s, v)),
      ),
    visitDetail: (id) =>
      unlocked(() => {
        const visit = s.get('visit', id);
        const employer = s.rows.get(String(visit.data.employer_id));
        if (!employer) throw fail('not_found');
        const of = <T>(kind: Kind): Stored<T>[] => s.live(kind).filter((r) => r.data.visit_id === id).map((r) => s.stored<T>(r));
        return {
          visit: s.stored<Visit>(visit),
          employer: s.stored<Employer>(employer),
          lead_name: String(s.rows.get(String(visit.data.lead_id))?.data.name ?? ''),
          demand: of<DemandSurvey>('demand_survey')[0] ?? null,
          followup: of<FollowupSurvey>('followup_survey')[0] ?? null,
          job_postings: of<JobPosting>('job_posting'),
          internship_bases: of<InternshipBase>('internship_base'),
        };
      }),
    planVisit: (visit) =>
      unlocked(() => {
        if (visit.status !== 'planned') throw fail('validation.invalid_state', 'visit.status');
        return s.stored<Visit>(s.save('visit', null, visit as unknown as Data));
      }),
    saveVisit: (id, visit) => unlocked(() => s.stored<Visit>(s.save('visit', id, visit as unknown as Data))),
    completeVisit: (id, done: Completion) =>
      unlocked(() =>
        s.batch((b) => {
          const v = s.get('visit', id).data as unknown as Visit;
          if (v.status === 'cancelled') throw fail('validation.invalid_state', 'visit.status');
          const row = s.update(b, 'visit', id, {
            ...v,
            status: 'completed',
            actual_start: done.actual_start,
            actual_end: done.actual_end,
            summary: done.summary,
            outcome: done.outcome,
          } as unknown as Data);
          for (const p of done.job_postings) s.insert(b, 'job_posting', { ...p, employer_id: v.employer_id, visit_id: id });
          for (const base of done.internship_bases) s.insert(b, 'internship_base', { ...base, employer_id: v.employer_id, visit_id: id });
          return s.stored<Visit>(row);
        }),
      ),
    cancelVisit: (id, reason) =>
      unlocked(() => {
        const v = s.get('visit', id).data as unknown as Visit;
        if (v.status !== 'planned') throw fail('validation.invalid_state', 'visit.status');
        return s.stored<Visit>(s.save('visit', id, { ...v, status: 'cancelled', cancel_reason: reason.trim() } as unknown as Data));
      }),
    saveDemandSurvey: (survey) => unlocked(() => s.stored<DemandSurvey>(replaceSurvey('demand_survey', survey as unknown as Data))),
    saveFollowupSurvey: (survey) =>
      unlocked(() => s.stored<FollowupSurvey>(replaceSurvey('followup_survey', survey as unknown as Data))),

    calendarRange: (from, to, filter) => unlocked(() => calendarRange(s, from, to, filter)),
    checkSchedule: (id, visit) => unlocked(() => conflicts(s, id, visit)),
    scheduleVisit: (id, visit, reason) =>
      unlocked(() => {
        if (conflicts(s, id, visit).length > 0 && !reason.trim()) throw fail('calendar.conflicts');
        return s.stored<Visit>(s.save('visit', id, visit as unknown as Data));
      }),
    moveVisit: (id, start, end, reason) =>
      unlocked(() => {
        const v = { ...(s.get('visit', id).data as unknown as Visit), planned_start: start, planned_end: end };
        if (v.status !== 'planned') throw fail('validation.invalid_state', 'visit.status');
        if (conflicts(s, id, v).length > 0 && !reason.trim()) throw fail('calendar.conflicts');
        return s.stored<Visit>(s.save('visit', id, v as unknown as Data));
      }),
    tripDetail: (id) => unlocked(() => tripDetail(s, id)),
    buildTrip: (trip, stops) =>
      unlocked(() =>
        s.batch((b) => {
          const row = s.insert(b, 'trip', trip as unknown as Data);
          setItinerary(s, b, row.id, stops);
          return tripDetail(s, row.id);
        }),
      ),
    setItinerary: (id, stops) =>
      unlocked(() =>
        s.batch((b) => {
          setItinerary(s, b, id, stops);
          return tripDetail(s, id);
        }),
      ),
    contactPlan: (id) => unlocked(() => s.stored<ContactPlan>(s.get('contact_plan', id))),
    saveContactPlan: (id, plan) => unlocked(() => s.stored<ContactPlan>(s.save('contact_plan', id, plan as unknown as Data))),
    changeOccurrence: (planId, on, change) =>
      unlocked(() => {
        const plan = s.get('contact_plan', planId).data as unknown as ContactPlan;
        const changes = plan.changes.filter((c) => c.on !== on).concat(change ? [{ ...change, on }] : []);
        return s.stored<ContactPlan>(s.save('contact_plan', planId, { ...plan, changes } as unknown as Data));
      }),
    calendarPreferences: () => unlocked(() => clone(s.calendarPrefs)),
    saveCalendarPreferences: (prefs) => unlocked(() => (s.calendarPrefs = clone(prefs))),
    dueReminders: () => unlocked(() => s.reminders.filter((r) => !r.keys.every((k) => s.delivered.includes(k)))),
    deliverReminders: (notices, keys) =>
      unlocked(() => {
        s.notices.push(...notices);
        s.delivered.push(...keys);
      }),

    saveReport: (_request, fileName, onProgress) =>
      unlocked(() => {
        onProgress({ page: 1, pages: 1 });
        return `/tmp/${fileName}`;
      }),

    pickImportFile: () =>
      unlocked(() => {
        s.picked = s.importOffer && clone(s.importOffer);
        return s.picked && { name: s.picked.name, bytes: JSON.stringify(s.picked.rows).length, format: s.picked.format };
      }),
    importLayout: (options) => unlocked(() => fakeLayout(pickedFile(s), options)),
    previewImport: (options) => unlocked(() => importPlan(s, options).preview),
    commitImport: (options) =>
      unlocked(() =>
        s.batch((b) => {
          const { preview, groups } = importPlan(s, options);
          for (const g of groups) {
            const base = { industry: g.industry, ownership: 'other', size: 'unknown', region: g.region, address: '', park: '', is_key: false };
            const id = g.existing ?? s.insert(b, 'employer', { ...base, name: g.name, credit_code: g.credit_code, origin: 'existing', developed_on: null, notes: '' }).id;
            for (const c of g.contacts) {
              s.insert(b, 'contact', { ...c, employer_id: id, phone: null, is_alumnus: false, alumni_year: null, alumni_major: '', notes: '' });
            }
          }
          return { preview, batch: String(b) };
        }),
      ),
    exportLedger: (fileName) => unlocked(() => `/tmp/${fileName}`),
    exportLedgerCsv: () => unlocked(() => '/tmp/台账'),
    exportCalendar: (request, fileName) =>
      unlocked(() => {
        if (request.kind === 'trip') s.get('trip', request.trip_id);
        else s.get('person', request.person_id);
        return `/tmp/${fileName}`;
      }),

    listTasks: (openOnly) =>
      unlocked(() =>
        s
          .live('task')
          .filter((t) => !openOnly || t.data.done_on === null)
          .sort((a, b) => String(a.data.due_on).localeCompare(String(b.data.due_on)))
          .map((t) => taskRow(s, t)),
      ),
    saveTask: (id, task) => unlocked(() => s.stored<Task>(s.save('task', id, task as unknown as Data))),

    saveDraft: (key, json) =>
      unlocked(() => {
        s.drafts.set(key, json);
      }),
    draft: (key) => unlocked(() => s.drafts.get(key) ?? null),
    clearDraft: (key) =>
      unlocked(() => {
        s.drafts.delete(key);
      }),

    search: (query) =>
      unlocked(() => {
        const q = query.trim().toLowerCase();
        if (!q) return [];
        const hits: Hit[] = [];
        const kinds: Kind[] = ['employer', 'contact', 'visit', 'job_posting', 'internship_base', 'demand_survey', 'followup_survey', 'task', 'person'];
        for (const kind of kinds) {
          for (const r of s.live(kind)) {
            const text = searchText(r.data);
            if (!text.toLowerCase().includes(q)) continue;
            const visitId = kind === 'visit' ? r.id : r.data.visit_id ? String(r.data.visit_id) : null;
            const employerId =
              kind === 'employer'
                ? r.id
                : kind === 'demand_survey' || kind === 'followup_survey'
                  ? String(s.rows.get(String(r.data.visit_id))?.data.employer_id ?? '')
                  : String(r.data.employer_id ?? '');
            const employer = employerId ? String(s.rows.get(employerId)?.data.name ?? '') || null : null;
            hits.push({
              kind,
              id: r.id,
              title: title(kind, r.data),
              employer,
              employer_id: employerId || null,
              visit_id: visitId,
              snippet: snippet(text, q),
            });
          }
        }
        return hits.slice(0, 50);
      }),
    deleteRecord: (kind, id) => unlocked(() => s.batch((b) => s.remove(b, kind, id))),
    trash: () =>
      unlocked((): TrashEntry[] => {
        const batches = new Map<number, Change[]>();
        for (const c of s.history) {
          if (c.op !== 'delete' || c.undone) continue;
          batches.set(c.batch, [...(batches.get(c.batch) ?? []), c]);
        }
        return [...batches.values()]
          .map((changes) => {
            const first = changes[0] as Change;
            return {
              kind: first.kind,
              id: first.id,
              title: title(first.kind, first.before?.data ?? {}),
              deleted_at: String(first.after?.audit.deleted_at ?? ''),
              deleted_by: first.by,
              records: changes.length,
            };
          })
          .reverse();
      }),
    restore: (kind, id) =>
      unlocked(() =>
        s.batch((b) => {
          const del = [...s.history].reverse().find((c) => c.op === 'delete' && !c.undone && c.kind === kind && c.id === id);
          if (!del) throw fail('not_found');
          let n = 0;
          for (const c of s.history.filter((c) => c.batch === del.batch && c.op === 'delete')) {
            const row = s.rows.get(c.id);
            if (row && row.audit.deleted_at !== null) {
              const before = clone(row);
              s.rows.set(c.id, { ...row, audit: { ...row.audit, deleted_at: null } });
              s.record(b, 'restore', c.kind, c.id, before);
              n++;
            }
            c.undone = true;
          }
          return n;
        }),
      ),
    undo: () =>
      unlocked((actor) => {
        const last = [...s.history].reverse().find((c) => c.by === actor && !c.undone && c.op !== 'undo');
        if (!last) throw fail('undo.nothing');
        const changes = s.history.filter((c) => c.batch === last.batch && !c.undone).reverse();
        return s.batch((b) => {
          for (const c of changes) {
            const current = s.rows.get(c.id) ?? null;
            if (JSON.stringify(current) !== JSON.stringify(c.after)) throw fail('undo.conflict');
            if (c.before) s.rows.set(c.id, clone(c.before));
            else if (current) s.rows.set(c.id, { ...current, audit: { ...current.audit, deleted_at: s.nowIso() } });
            s.record(b, 'undo', c.kind, c.id, current && clone(current));
            c.undone = true;
            if (c.op === 'restore') {
              // Undoing a restore puts the records back in the trash, listed as before.
              const del = [...s.history].reverse().find((d) => d.op === 'delete' && d.id === c.id && d.undone);
              if (del) del.undone = false;
            }
          }
          return changes.length;
        });
      }),

    settings: () =>
      unlocked(() => ({ school: s.school, auto_lock_minutes: s.autoLock, campaign: s.stored<Campaign>(s.campaign()) })),
    saveCampaign: (id, campaign) => unlocked(() => s.stored<Campaign>(s.save('campaign', id, campaign as unknown as Data))),
    saveSettings: (school, minutes) =>
      unlocked(() => {
        s.school = line('settings.school', school);
        if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) throw fail('validation.out_of_range', 'settings.auto_lock_minutes');
        s.autoLock = minutes;
      }),
  };
}

// --- the demo store -----------------------------------------------------------------------------

/** A valid credit code built from a 17-character body. */
function code(body: string): string {
  return body + (creditCheckChar(body) ?? '0');
}

function seedDemo(s: FakeStore): void {
  const now = s.now();
  const tz = 'Asia/Shanghai';
  const today = dayIn(now.toISOString(), tz);
  const year = Number(today.slice(0, 4));
  const starts = addDays(today, -80);
  const ends = addDays(today, 100);
  const at = (dayOffset: number, hour: number): string => {
    const d = addDays(today, dayOffset);
    return new Date(`${d}T${String(hour).padStart(2, '0')}:00:00+08:00`).toISOString().replace(/\.\d{3}Z$/, 'Z');
  };
  s.exists = true;
  s.school = '江南理工职业技术学院';
  s.autoLock = 15;
  const person = (name: string, role: Role, titleText: string): string => {
    const id = s.newId();
    s.actor ??= id;
    s.batch((b) => s.insert(b, 'person', { name, role, title: titleText, phone: null, email: null }, id));
    s.passphrases.set(id, FAKE_PASSPHRASE);
    return id;
  };
  const secretary = person('周明远', 'secretary', '党委书记');
  const president = person('林晓岚', 'president', '校长');
  const vice = person('陈立新', 'leader', '副校长');
  const staff = person('王珊', 'staff', '就业指导中心主任');
  s.batch((b) =>
    s.insert(b, 'campaign', {
      name: `${year}年书记校长访企拓岗促就业专项行动`,
      starts_on: starts,
      ends_on: ends,
      time_zone: tz,
      target_per_principal: 100,
      target_new_employers: 100,
    }),
  );
  const employer = (
    name: string,
    body: string | null,
    industry: string,
    region: string,
    extra: Partial<Employer> = {},
  ): string =>
    s.batch(
      (b) =>
        s.insert(b, 'employer', {
          name,
          credit_code: body ? code(body) : null,
          industry,
          ownership: 'private',
          size: 'medium',
          region,
          address: '',
          park: '',
          is_key: false,
          origin: 'existing',
          developed_on: null,
          notes: '',
          ...extra,
        }).id,
    );
  const e1 = employer('苏州澜海智能装备有限公司', '91320594MA1XY07K3', '智能制造', '江苏省苏州市工业园区', {
    is_key: true,
    size: 'large',
    park: '苏州工业园区',
    notes: '每年春季来校宣讲，校友较多。',
  });
  const e2 = employer('无锡星禾新能源科技有限责任公司', '91320214MA2AB3C4D', '新能源', '江苏省无锡市新吴区', {
    origin: 'newly_developed',
    developed_on: addDays(today, -40),
  });
  const e3 = employer('南京云栖软件股份有限公司', '91320115MA1PQ8R2X', '软件和信息技术服务', '江苏省南京市江宁区', { is_key: true });
  const e4 = employer('杭州禾木供应链管理有限公司', null, '现代物流', '浙江省杭州市余杭区', {
    origin: 'newly_developed',
    developed_on: addDays(today, -12),
    size: 'small',
  });
  const e5 = employer('常州恒瑞医疗器械有限公司', '91320411MA1MN5L8T', '医疗器械', '江苏省常州市新北区');
  const e6 = employer('上海青桐检测技术服务有限公司', null, '检验检测', '上海市嘉定区', { size: 'small', ownership: 'joint_venture' });
  s.batch((b) => {
    s.insert(b, 'contact', {
      employer_id: e1,
      name: '赵敏',
      title: '人力资源总监',
      phone: null,
      mobile: '13912345678',
      email: 'hr@lanhai.example.cn',
      is_alumnus: true,
      alumni_year: 2012,
      alumni_major: '机电一体化技术',
      notes: '',
    });
    s.insert(b, 'contact', {
      employer_id: e1,
      name: '孙浩',
      title: '招聘经理',
      phone: '0512-62881234',
      mobile: null,
      email: null,
      is_alumnus: false,
      alumni_year: null,
      alumni_major: '',
      notes: '',
    });
  });
  const visit = (employerId: string, lead: string, day: number, hour: number, extra: Partial<Visit> = {}): string =>
    s.batch(
      (b) =>
        s.insert(b, 'visit', {
          ...blankVisit(tz),
          employer_id: employerId,
          lead_id: lead,
          participant_ids: [staff],
          planned_start: at(day, hour),
          planned_end: at(day, hour + 2),
          ...extra,
        }).id,
    );
  const completed = (employerId: string, lead: string, day: number, extra: Partial<Visit> = {}): string =>
    visit(employerId, lead, day, 9, {
      status: 'completed',
      actual_start: at(day, 9),
      actual_end: at(day, 11),
      summary: '双方就岗位需求和实习合作深入交流。',
      outcome: { channel_established: true, recruitment_agreed: false, recruitment_mode: null, recruitment_on: null, exemplary: '' },
      ...extra,
    });
  const v1 = completed(e1, secretary, -30, {
    participant_ids: [president, staff],
    outcome: { channel_established: true, recruitment_agreed: true, recruitment_mode: 'offline', recruitment_on: addDays(today, 20), exemplary: '' },
  });
  completed(e3, president, -21);
  completed(e2, secretary, -14, { mode: 'hosted' });
  completed(e5, vice, -6, { mode: 'online' });
  visit(e4, secretary, 1, 14, { objectives: '了解物流岗位需求，商谈共建实习实践基地。' });
  visit(e6, president, 2, 9, { objectives: '拓展检验检测类岗位。' });
  visit(e3, vice, 12, 10);
  s.batch((b) => {
    s.insert(b, 'job_posting', {
      employer_id: e1,
      visit_id: v1,
      title: '设备调试工程师',
      headcount: 12,
      majors: ['机电一体化技术', '电气自动化技术'],
      education: 'vocational',
      location: '苏州',
      open: true,
    });
    s.insert(b, 'internship_base', {
      employer_id: e1,
      visit_id: v1,
      name: '澜海智能装备就业实习实践基地',
      status: 'signed',
      established_on: addDays(today, -30),
      capacity: 30,
    });
    s.insert(b, 'demand_survey', {
      visit_id: v1,
      knowledge: 'PLC 编程、机械制图基础扎实。',
      ability: '动手能力和现场问题处理能力。',
      qualities: '吃苦耐劳，团队协作。',
      industry_trend: '产线智能化改造加快，调试和运维人才缺口大。',
      majors_wanted: ['机电一体化技术', '工业机器人技术'],
      abilities_wanted: ['设备调试', '英语阅读'],
      planned_hires: 40,
      shortcomings: '学生对工业现场安全规范了解不足。',
      suggestions: '增加企业真实项目进课堂。',
    });
    s.insert(b, 'followup_survey', {
      visit_id: v1,
      graduates_employed: 18,
      graduates: [{ name: '刘洋', grad_year: 2023, major: '机电一体化技术', position: '调试技术员' }],
      work_and_life: '工作稳定，两人已晋升班组长。',
      graduate_suggestions: '希望学校加强英语和办公软件训练。',
      satisfaction_moral: 5,
      satisfaction_literacy: 4,
      satisfaction_ability: 4,
      employer_feedback: '',
    });
    s.insert(b, 'task', {
      title: '寄送校企合作协议（盖章版）',
      due_on: addDays(today, -3),
      owner_id: staff,
      visit_id: v1,
      employer_id: e1,
      done_on: null,
      notes: '',
    });
    s.insert(b, 'task', {
      title: '确认宣讲会场地与时间',
      due_on: addDays(today, 5),
      owner_id: staff,
      visit_id: null,
      employer_id: e1,
      done_on: null,
      notes: '',
    });
  });
  s.history.length = 0;
  s.actor = null;
}

/** An in-memory backend; `overrides` replace single methods (e.g. to make one fail). */
export function fakeBackend(overrides: Partial<Backend> = {}, options: FakeOptions = {}): Backend {
  const store = new FakeStore(options.now ?? (() => new Date()));
  store.reminders = options.reminders ?? [];
  if (options.importFile !== undefined) store.importOffer = options.importFile;
  if (options.store === 'demo') {
    seedDemo(store);
    if (options.unlocked) store.actor = store.live('person')[0]?.id ?? null;
  }
  return { ...makeBackend(store), ...overrides };
}
