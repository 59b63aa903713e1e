/**
 * An in-memory `Backend` for component tests and the browser preview: plain storage, and no
 * rule of the core. It keeps records by kind and passphrases by person, lists and joins what it
 * holds, and saves what it is sent as it is sent: no validation, no duplicates, no cascades, no
 * figures, no conflicts, no search, no refusal for want of a right (the session's `rights` are
 * given as the core's table has them, so views can be tried as an assistant; setting a passphrase
 * and a rekey check `mine` against the actor's own). Where an answer needs a rule it gives a
 * neutral one (`checkEmployer`: no problem; `checkSchedule`: no warnings; `search`: no hits;
 * `recordHistory`: the changes given in the options, else none) or
 * the core's answer for the demo store from ./fixtures (`dashboard`, contact-plan occurrences,
 * the import). China's official days are a few shipped ones (`FAKE_OFFICIAL_DAYS`) under the
 * ones set as records. The team is a stored `TeamStatus` and a made-up import: no bundles, no crypto.
 * Joining a team makes a store that waits (its person can unlock, then `team.pending`); the
 * welcome brings the demo store's records, as a real welcome brings the team's.
 * 一帮一 sharing keeps the paired schools and the jobs they shared as rows (`pairs`,
 * `sharedJobs`): this school's pairing file has the fingerprint `FAKE_PAIRING_FINGERPRINT`, and
 * adding a pair with it adds 示范大学 (a fingerprint of other digits is refused as the core
 * refuses it); sharing counts what the filter names, no package, no crypto.
 * "用示例数据试用" (`tryDemo`) opens a second store beside the real one, which locks: the demo
 * store's records, its sessions marked `demo`, made once and kept until `deleteDemo`; `leaveDemo`
 * puts the real store back in use, locked.
 *
 * Attachments are records of kind `attachment`; the open dialog picks `pickFiles` and the window
 * is dropped `dropFiles` (see `FakeFile`: no content, no decoding, a photo's thumbnail is
 * `FAKE_THUMB`), and a test drags files over the window with `fileDrop`. A file whose extension is
 * not one that may be attached is refused as the core refuses it; any other refusal is given.
 *
 * `mergeEmployers` repoints the records of the employer merged away (contacts, visits, postings,
 * bases, events, tasks, notes) and puts it in the trash; `replanVisit` plans a copy of the
 * cancelled visit naming it in `replan_of`; neither checks a rule.
 *
 * The import wizard's calls are answered from an `ImportCase` (`importFile`): the core's answers
 * for the options it was given, the sample employer list by default. A test of another kind of
 * file (a visit ledger) passes a case of its own, answering each set of options it expects.
 *
 * A test that needs a rule's outcome overrides the method with the core's answer from
 * ./fixtures: `fakeBackend({ saveTask: () => Promise.reject(errors.task_title_missing.error) })`,
 * or `vi.spyOn(backend, 'saveTask').mockRejectedValueOnce(…)` to refuse once and then store.
 */
import type { Backend, BackupInfo, FileDrop, IpcError } from './index';
import type {
  Access,
  Attached,
  Attachment,
  AttachmentSettings,
  Audit,
  CalendarEvent,
  Campaign,
  Conflict,
  Contact,
  ContactPlan,
  DemandSurvey,
  DirectExchange,
  DirectStatus,
  Employer,
  EmployerFilter,
  ErrorCode,
  FileType,
  FolderPass,
  FollowupSurvey,
  Hidden,
  HistoryEntry,
  ImportOptions,
  Imported,
  InternshipBase,
  JobPosting,
  Kind,
  ListedAttachment,
  Note,
  Official,
  OfficialDay,
  PairRow,
  PairedSchool,
  PassphraseChanged,
  Person,
  Preferences,
  Reachable,
  RecruitmentEvent,
  Refusal,
  Reminder,
  Rights,
  Sent,
  Session,
  ShareImported,
  SharedJobRow,
  Stop,
  Stored,
  Target,
  Task,
  TaskRow,
  TeamStatus,
  TrashEntry,
  Trip,
  TripDetail,
  Visit,
  VisitRow,
  Waiting,
} from './types';
import { calendar, dashboard, demo, errors, imports, type ImportCase } from './fixtures';
import { awaitingConfirmation, blankVisit } from '../records';
import { toLocalInput } from '../time';

/** The passphrase of every person in the demo store. */
export const FAKE_PASSPHRASE = 'correct horse';
/** The recovery key of every fake store, as first run shows it. */
export const FAKE_RECOVERY_KEY = 'VD7Q-4M2K-X9PA-61TB-ZC3R-8HWN-5EJF-0KTD';
/** The fingerprint of every fake join request, in the core's 4 groups of 4 digits. */
export const FAKE_FINGERPRINT = '4821 0937 5562 1048';
/** Where the fake says its store lives (帮助 → 关于); its backups are in `backups/` there. */
export const FAKE_STORE_DIR = '/home/visitdesk/.local/share/visitdesk';
/** The folder the fake's folder dialog picks. */
export const FAKE_TEAM_FOLDER = '/mnt/共享/访企拓岗';
/** This laptop's ticket for direct sync, as the fake shows it. */
export const FAKE_TICKET = 'vdsync1eyJpZCI6ImZha2UifQ';
/** The fingerprint of this school's pairing file, and of the paired school's the fake's dialog picks. */
export const FAKE_PAIRING_FINGERPRINT = '1234 5678 9012 3456';
/** The school the fake's pairing file dialog picks (its fingerprint is `FAKE_PAIRING_FINGERPRINT`). */
export const FAKE_PAIR: PairedSchool = {
  name: '示范大学',
  school_code: '4132010001',
  signing_key: '7d'.repeat(32),
  recipient: 'age1fakepairedschool0000000000000000000000000000000000000000',
};
/** The headcount of the two postings the fake shares when a filter names none. */
export const FAKE_SHARED_HEADCOUNT = 8;

/** A photo's thumbnail as the fake lists it: one grey pixel, as a `data:` URL. */
export const FAKE_THUMB = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGPYAAAAsgCxVQroKgAAAABJRU5ErkJggg==';

/** A file the fake's open dialog picks, or that is dropped on its window. */
export interface FakeFile {
  name: string;
  /** Bytes; 200 KB unless given. */
  size?: number;
  /** The core's refusal of it (too large, a picture it cannot read …): listed as refused, not attached. */
  refused?: ErrorCode;
  /** False: attached without its content here, as a record another laptop added before its content came. */
  here?: boolean;
}

export interface FakeOptions {
  /** `none`: the first run; `demo`: the core's demo store from ./fixtures (see `fixtures.demo`). */
  store?: 'none' | 'demo';
  /** Start unlocked as the first person (demo store only). */
  unlocked?: boolean;
  /** Reminders that are due (the fake does not compute them). */
  reminders?: Reminder[];
  /** What the import wizard's file dialog picks (null: the user cancels); the messy sample list by default. */
  importFile?: ImportCase | null;
  /** The team as this laptop knows it (null, the default: the store is not a team's). */
  team?: TeamStatus | null;
  /** What every import of a bundle answers; 2 records changed, nothing refused, by default. */
  imported?: Imported;
  /** Fields edited on two laptops at once (none by default). */
  conflicts?: Conflict[];
  /** The bundles refused since the app started (none by default). */
  refusals?: Refusal[];
  /** What every pass over the team folder answers; nothing read, by default. */
  pass?: FolderPass;
  /** The member devices direct sync finds on the network (none by default). */
  reachable?: Reachable[];
  /** The changes of records by id, newest first, as the core tells them (none by default). */
  history?: Record<string, HistoryEntry[]>;
  /** What the attachments' open dialog picks (null: the user cancels); a photo and a PDF by default. */
  pickFiles?: FakeFile[] | null;
  /** The files dropped on the window; one photo by default. */
  dropFiles?: FakeFile[];
  /** The paired schools (none by default). */
  pairs?: PairRow[];
  /** The jobs the paired schools shared (none by default). */
  sharedJobs?: SharedJobRow[];
  /** What every import of a share package answers; 2 postings of 示范大学 added, 1 matched, by default. */
  shareImported?: ShareImported;
}

/**
 * The official days the fake ships with, as the core ships the State Council's schedules: a few
 * of 2026's (元旦, 中秋节 and 国庆节 with their 调休 working days), so the demo's autumn has some and
 * 2027 none. Days an admin sets (`setOfficialDay`) are records of kind `official_day`, which win
 * over these for the same date.
 */
export const FAKE_OFFICIAL_DAYS: readonly OfficialDay[] = (
  [
    ['2026-01-01', 'holiday', '元旦'],
    ['2026-01-02', 'holiday', '元旦'],
    ['2026-01-03', 'holiday', '元旦'],
    ['2026-01-04', 'workday', '元旦'],
    ['2026-09-20', 'workday', '国庆节'],
    ['2026-09-25', 'holiday', '中秋节'],
    ['2026-09-26', 'holiday', '中秋节'],
    ['2026-09-27', 'holiday', '中秋节'],
    ['2026-10-01', 'holiday', '国庆节'],
    ['2026-10-02', 'holiday', '国庆节'],
    ['2026-10-03', 'holiday', '国庆节'],
    ['2026-10-04', 'holiday', '国庆节'],
    ['2026-10-05', 'holiday', '国庆节'],
    ['2026-10-06', 'holiday', '国庆节'],
    ['2026-10-07', 'holiday', '国庆节'],
    ['2026-10-10', 'workday', '国庆节'],
  ] as const
).map(([on, day_type, name]) => ({ on, day_type, name }));

/** A made-up recovery key in the core's format: 8 groups of 4 letters and digits. */
function newRecoveryKey(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789';
  const group = (): string => Array.from({ length: 4 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
  return Array.from({ length: 8 }, group).join('-');
}

/** The types that may be attached, by their extension (core `FileType::of_name`). */
const FILE_TYPES: Readonly<Record<string, FileType>> = { jpg: 'jpeg', jpeg: 'jpeg', png: 'png', heic: 'heic', heif: 'heic', pdf: 'pdf', docx: 'docx', xlsx: 'xlsx' };
/** The field of an attachment naming the record it is on, by that record's kind (none: the employer's own). */
const ATTACHED_TO = { visit: 'visit_id', job_posting: 'job_posting_id', internship_base: 'internship_base_id', recruitment_event: 'recruitment_event_id' } as const;
const MB = 1024 * 1024;

type Rec = Stored<Record<string, unknown>>;
type Tables = Map<Kind, Map<string, Rec>>;

const clone = <T>(v: T): T => structuredClone(v);
const notATeam = (): IpcError => ({ code: 'team.not_a_team', message: 'this store is not a team’s', field: null });
const locked = (): IpcError => ({ code: 'store.locked', message: 'the store is locked', field: null });
/** The import options the core defaults when a caller leaves them out (`#[serde(default)]`). */
const IMPORT_DEFAULTS: Pick<ImportOptions, 'importing' | 'create_people'> = { importing: 'employers', create_people: false };
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x,
  );

class Storage {
  tables: Tables = new Map();
  /** Passphrases by person: who can unlock. */
  slots = new Map<string, string>();
  /** Passphrases someone else set since their person last unlocked, told once at the next unlock. */
  setBy = new Map<string, PassphraseChanged>();
  exists = false;
  actor: string | null = null;
  school = '';
  schoolCode = '';
  autoLock = 15;
  prefs: Preferences = { view: 'week', recent_visit_days: 30, reminder_minutes: [1440, 60], work_start: '08:30:00', work_end: '17:30:00' };
  drafts = new Map<string, string>();
  /** The tables before each write, newest last: undo puts the last one back. */
  undo: Tables[] = [];
  trash: TrashEntry[] = [];
  backups: { info: BackupInfo; tables: Tables }[] = [];
  delivered = new Set<string>();
  picked: ImportCase | null = null;
  /** The recovery key that `recover` takes: the first run's, until a rekey makes a new one. */
  recoveryKey = FAKE_RECOVERY_KEY;
  team: TeamStatus | null = null;
  conflicts: Conflict[] = [];
  refusals: Refusal[] = [];
  /** Direct sync: the switch, the members found nearby (options.reachable), the exchanges made. */
  direct: { on: boolean; reachable: Reachable[]; exchanges: DirectExchange[] } = { on: true, reachable: [], exchanges: [] };
  /** The join request of a store that waits for its welcome (without its recovery key). */
  waiting: Waiting | null = null;
  /** 一帮一: the paired schools, with what went between the schools, and the jobs they shared. */
  pairs: PairRow[] = [];
  sharedJobs: SharedJobRow[] = [];
  attachmentSettings: AttachmentSettings = { limit_mb: 50, quota_mb: 2048, keep_metadata: false };
  /** The attachments whose content is not on this laptop. */
  absent = new Set<string>();
  /** Who hears of files dragged over the window. */
  fileDrops = new Set<(event: FileDrop) => void>();
  /** The demo store ("用示例数据试用"), not the real one: its sessions say so. */
  demo = false;
  #ids = 1_000;

  newId(): string {
    this.#ids++;
    return `00000000-0000-7000-9000-${String(this.#ids).padStart(12, '0')}`;
  }

  table(kind: Kind): Map<string, Rec> {
    let t = this.tables.get(kind);
    if (!t) this.tables.set(kind, (t = new Map()));
    return t;
  }

  all<T>(kind: Kind): Stored<T>[] {
    return [...this.table(kind).values()].filter((r) => r.audit.deleted_at === null).map((r) => clone(r) as unknown as Stored<T>);
  }

  find<T>(kind: Kind, id: string | null): Stored<T> | null {
    const r = id === null ? undefined : this.table(kind).get(id);
    return r && r.audit.deleted_at === null ? (clone(r) as unknown as Stored<T>) : null;
  }

  get<T>(kind: Kind, id: string): Stored<T> {
    const found = this.find<T>(kind, id);
    if (!found) throw errors.not_found.error;
    return found;
  }

  name(kind: Kind, id: string | null): string {
    return String(this.find<{ name: string }>(kind, id)?.name ?? '');
  }

  put<T>(kind: Kind, id: string | null, data: T): Stored<T> {
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const by = this.actor ?? '';
    const old = id === null ? undefined : this.table(kind).get(id);
    const audit: Audit = old ? { ...old.audit, updated_at: at, updated_by: by } : { created_at: at, updated_at: at, created_by: by, updated_by: by, deleted_at: null };
    const { id: _id, audit: _audit, ...fields } = data as Record<string, unknown>;
    void _id;
    void _audit;
    const rec: Rec = { ...clone(fields), id: id ?? this.newId(), audit };
    this.table(kind).set(rec.id, rec);
    return clone(rec) as unknown as Stored<T>;
  }

  setDeleted(kind: Kind, id: string, deleted: boolean): void {
    const r = this.table(kind).get(id);
    if (!r) throw errors.not_found.error;
    r.audit.deleted_at = deleted ? new Date().toISOString() : null;
  }

  session(): Session {
    const campaign = this.all<Campaign>('campaign')[0];
    if (!campaign) throw errors.not_found.error;
    const person = this.get<Person>('person', this.actor ?? '');
    return { person, school: this.school, campaign, rights: this.rights(person), passphrase_changed: null, demo: this.demo };
  }

  /**
   * The session's rights as the core's table gives them (core `access.rs`), so that views can be
   * tried as each kind of person: admins hold every right and work for everyone; the others hold
   * none, and work for themselves, the leaders they assist, or the leaders of their college.
   */
  rights(me: Stored<Person>): Rights {
    if (me.access === 'admin')
      return { access: me.access, holds: ['manage_people', 'manage_campaign', 'manage_employers', 'leader_work', 'confirm_visits'], works_for: null };
    const mine = (p: Stored<Person>): boolean =>
      p.id === me.id ||
      (me.access === 'assistant' && me.assists.includes(p.id)) ||
      (me.access === 'college' && me.college !== '' && p.college === me.college);
    return { access: me.access, holds: [], works_for: this.all<Person>('person').filter(mine).map((p) => p.id) };
  }

  visitRow(v: Stored<Visit>): VisitRow {
    return {
      visit: v,
      employer_name: this.name('employer', v.employer_id),
      lead_name: this.name('person', v.lead_id),
      key_employer: this.find<Employer>('employer', v.employer_id)?.is_key ?? false,
    };
  }

  /** A visit as the calendar draws it (the core's `CalendarEvent`). */
  calendarEvent(v: Stored<Visit>): CalendarEvent {
    const row = this.visitRow(v);
    return {
      id: v.id,
      start: v.actual_start ?? v.planned_start,
      end: v.actual_end ?? v.planned_end,
      status: v.status,
      awaiting: awaitingConfirmation(v),
      lead_id: v.lead_id,
      lead_name: row.lead_name,
      employer_name: row.employer_name,
      key_employer: row.key_employer,
      trip_id: v.trip_id,
    };
  }

  visits(): Stored<Visit>[] {
    const start = (v: Stored<Visit>): string => v.actual_start ?? v.planned_start;
    return this.all<Visit>('visit').sort((a, b) => start(a).localeCompare(start(b)));
  }

  taskRow(t: Stored<Task>): TaskRow {
    return { task: t, owner_name: this.name('person', t.owner_id), employer_name: t.employer_id ? this.name('employer', t.employer_id) : null };
  }

  tripDetail(id: string): TripDetail {
    const trip = this.get<Trip>('trip', id);
    const stops = this.visits()
      .filter((v) => v.trip_id === id)
      .sort((a, b) => (a.trip_seq ?? 0) - (b.trip_seq ?? 0));
    return { trip, leader_name: this.name('person', trip.leader_id), stops: stops.map((v) => this.visitRow(v)) };
  }

  /**
   * The official days from `first` to `last` (`YYYY-MM-DD`, both included), in date order: the
   * shipped ones, and over them the days an admin set (`added`: the record's id).
   */
  officialDays(first: string, last: string): Official[] {
    const days = new Map<string, Official>();
    for (const d of FAKE_OFFICIAL_DAYS) if (d.on >= first && d.on <= last) days.set(d.on, { ...d, added: null });
    for (const r of this.all<OfficialDay>('official_day'))
      if (r.on >= first && r.on <= last) days.set(r.on, { on: r.on, day_type: r.day_type, name: r.name, added: r.id });
    return [...days.values()].sort((a, b) => a.on.localeCompare(b.on));
  }

  /** Records the stops on their visits, as the core keeps an itinerary. */
  setStops(tripId: string, stops: Stop[]): void {
    for (const v of this.visits().filter((v) => v.trip_id === tripId)) this.put('visit', v.id, { ...v, trip_id: null, trip_seq: null });
    stops.forEach((s, i) => {
      const v = this.get<Visit>('visit', s.visit_id);
      this.put('visit', v.id, { ...v, trip_id: tripId, trip_seq: i + 1, travel_note: s.travel_note });
    });
  }

  /** Moves one record to the trash (no cascade); how many records moved. */
  trashed(kind: Kind, id: string): number {
    const title = this.name(kind, id) || id;
    this.setDeleted(kind, id, true);
    this.trash.unshift({ kind, id, title, deleted_at: new Date().toISOString(), deleted_by: this.actor ?? '', records: 1 });
    return 1;
  }

  /** Notes newest first, as the core lists them: by date, then the later written. */
  newestFirst(notes: Stored<Note>[]): Stored<Note>[] {
    return notes.sort((a, b) => b.written_on.localeCompare(a.written_on) || b.audit.created_at.localeCompare(a.audit.created_at) || b.id.localeCompare(a.id));
  }

  /** Tasks as the core lists them on a page: open ones first, by due date. */
  openFirst(tasks: Stored<Task>[]): Stored<Task>[] {
    return tasks.sort((a, b) => Number(a.done_on !== null) - Number(b.done_on !== null) || a.due_on.localeCompare(b.due_on));
  }

  /** Saves a survey, replacing the visit's earlier one. */
  putSurvey<T extends { visit_id: string }>(kind: Kind, survey: T): Stored<T> {
    const earlier = this.all<T>(kind).find((s) => s.visit_id === survey.visit_id);
    return this.put(kind, earlier?.id ?? null, survey);
  }

  /** Attaches `files` to `to` (no content: a name, a size, a made-up checksum). */
  attach(to: Target, files: readonly FakeFile[]): Attached {
    const parent = this.get<{ employer_id?: string }>(to.kind, to.id);
    const employer_id = to.kind === 'employer' ? parent.id : (parent.employer_id ?? '');
    const result: Attached = { added: [], refused: [], over_quota: false, total_mb: 0 };
    for (const f of files) {
      const file_type = FILE_TYPES[f.name.split('.').pop()?.toLowerCase() ?? ''];
      if (!file_type || f.refused) {
        result.refused.push({ name: f.name, code: f.refused ?? 'attachment.type_not_allowed', message: 'refused' });
        continue;
      }
      const on = (kind: keyof typeof ATTACHED_TO): string | null => (to.kind === kind ? to.id : null);
      const added = this.put<Attachment>('attachment', null, {
        employer_id,
        visit_id: on('visit'),
        job_posting_id: on('job_posting'),
        internship_base_id: on('internship_base'),
        recruitment_event_id: on('recruitment_event'),
        name: f.name,
        file_type,
        size: f.size ?? 200 * 1024,
        checksum: (this.table('attachment').size + 1).toString(16).padStart(64, '0'),
        photo: file_type === 'jpeg' || file_type === 'png' ? { width: 4032, height: 3024 } : null,
        caption: '',
        in_documents: false,
      });
      if (f.here === false) this.absent.add(added.id);
      result.added.push(added);
    }
    result.total_mb = Math.ceil(this.all<Attachment>('attachment').reduce((n, a) => n + a.size, 0) / MB);
    result.over_quota = result.total_mb > this.attachmentSettings.quota_mb;
    return result;
  }

  /** The attachments of `to`, newest first, as a list shows them. */
  attachments(to: Target): ListedAttachment[] {
    const field = to.kind in ATTACHED_TO ? ATTACHED_TO[to.kind as keyof typeof ATTACHED_TO] : 'employer_id';
    return this.all<Attachment>('attachment')
      .filter((a) => a[field] === to.id)
      .sort((a, b) => b.audit.created_at.localeCompare(a.audit.created_at) || b.id.localeCompare(a.id))
      .map((a) => ({ attachment: a, thumb: a.photo ? FAKE_THUMB : null, here: !this.absent.has(a.id) }));
  }

  /** An attachment whose content is here, else the core's refusal. */
  content(id: string): Stored<Attachment> {
    const a = this.get<Attachment>('attachment', id);
    if (this.absent.has(id)) throw { code: 'attachment.missing', message: 'not on this laptop yet', field: null } satisfies IpcError;
    return a;
  }

  backup(kind: BackupInfo['kind']): BackupInfo {
    const taken_at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const name = `${taken_at.replace(/[-:]/g, '')}-${this.backups.length + 1}`;
    const info: BackupInfo = { name, taken_at, bytes: JSON.stringify([...this.tables.values()].map((t) => [...t.values()])).length, kind };
    this.backups.push({ info, tables: clone(this.tables) });
    return clone(info);
  }

  /**
   * The import case's answer for `options`; a test that sends other options fails here, saying which.
   * An answer's options lacking a field the core reads with a default (`importing`, `create_people`:
   * fixtures written before the field was) stand for that default.
   */
  answer<A extends { options: object }>(answers: A[], options: object): A {
    if (!this.picked) throw { code: 'invalid', message: 'no file picked', field: null } satisfies IpcError;
    const found = answers.find((a) => canonical({ ...IMPORT_DEFAULTS, ...a.options }) === canonical({ ...IMPORT_DEFAULTS, ...options }));
    if (!found) throw new Error(`the fixture ${this.picked.file.name} has no answer for ${canonical(options)}`);
    return found;
  }
}

/** The demo store's records, copied in. */
function demoRecords(s: Storage): void {
  s.school = demo.school;
  const kinds = ['campaign', 'person', 'employer', 'contact', 'visit', 'job_posting', 'internship_base', 'demand_survey', 'followup_survey', 'task', 'contact_plan'] as const;
  for (const kind of kinds) for (const r of demo[kind] as unknown as Rec[]) s.table(kind).set(r.id, clone(r));
}

function seedDemo(s: Storage): void {
  s.exists = true;
  s.autoLock = demo.auto_lock_minutes;
  demoRecords(s);
  for (const p of demo.status.people) s.slots.set(p.person_id, FAKE_PASSPHRASE);
}

function makeBackend(real: Storage, options: FakeOptions): Backend {
  /** The store in use: the real one, or the demo's from `tryDemo` until `leaveDemo`. */
  let s = real;
  /** The demo store, once `tryDemo` made it (until `deleteDemo`). */
  let demoMade: Storage | null = null;
  const answer = <T>(f: () => T): Promise<T> => {
    try {
      return Promise.resolve(f());
    } catch (e) {
      return Promise.reject(e as IpcError);
    }
  };
  const read = <T>(f: () => T): Promise<T> =>
    answer(() => {
      if (s.actor === null) throw locked();
      return f();
    });
  /** A change: undo puts the tables back as they were before it. */
  const write = <T>(f: () => T): Promise<T> =>
    read(() => {
      const before = clone(s.tables);
      const result = f();
      s.undo.push(before);
      return result;
    });
  const unlockAs = (personId: string): Session => {
    s.actor = personId;
    const changed = s.setBy.get(personId) ?? null;
    s.setBy.delete(personId);
    return { ...s.session(), passphrase_changed: changed };
  };
  const importCase = options.importFile === undefined ? imports.sample : options.importFile;
  const pickFiles = options.pickFiles === undefined ? [{ name: '座谈会合影.jpg' }, { name: '合作协议.pdf', size: 1_500_000 }] : options.pickFiles;
  const dropFiles = options.dropFiles ?? [{ name: '参观车间.png' }];
  const demoStore = options.store === 'demo';
  const imported: Imported = options.imported ?? { records: 2, refused: [], replay: false, duplicates: [], files: 0 };
  const team = (): TeamStatus => {
    if (!s.team) throw notATeam();
    return s.team;
  };
  const teamNow = (): TeamStatus | null => s.team && { ...clone(s.team), conflicts: s.conflicts.length };
  /** Listening while on and a member; the ticket is the fake's own. */
  const directNow = (): DirectStatus => {
    const listening = s.direct.on && team().pending === false;
    return {
      on: s.direct.on,
      listening,
      ticket: listening ? FAKE_TICKET : null,
      reachable: listening ? clone(s.direct.reachable) : [],
      exchanges: clone(s.direct.exchanges),
    };
  };
  const waiting = (): Waiting => {
    if (!s.waiting) throw notATeam();
    return s.waiting;
  };
  /** The paired school named `to` (its code or its name), as the core finds it. */
  const pairNamed = (to: string): PairRow => {
    const found = s.pairs.find((p) => p.pair.school_code === to.trim() || p.pair.name === to.trim());
    if (!found) throw errors.not_found.error;
    return found;
  };
  /** The employers `filter` keeps, as the core's `employers::list` does. */
  const employersMatching = (filter: EmployerFilter): Stored<Employer>[] => {
    const fold = (t: string): string => t.toLowerCase().replace(/\s+/g, '');
    const text = fold(filter.text ?? '');
    return (
      s
        .all<Employer>('employer')
        .filter(
          (e) =>
            (!filter.industry || e.industry === filter.industry) &&
            (!filter.region || e.region.startsWith(filter.region)) &&
            (!filter.key_only || e.is_key) &&
            (!filter.origin || e.origin === filter.origin) &&
            (!text || [e.name, e.region, e.industry, e.park, e.credit_code ?? ''].some((f) => fold(f).includes(text))),
        )
        // As the core orders them: by name, character by character.
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .slice(0, filter.limit ?? undefined)
    );
  };
  const shareImported: ShareImported = options.shareImported ?? { from_school: FAKE_PAIR.name, added: 2, updated: 0, closed: 0, matched: 1, placements: 0 };

  return {
    appVersion: () => Promise.resolve('0.0.0-test'),
    about: () => read(() => ({ version: '0.0.0-test', store_dir: FAKE_STORE_DIR, backups_dir: `${FAKE_STORE_DIR}/backups`, demo: s.demo })),
    openBackupsFolder: () => read(() => undefined),

    storeStatus: () =>
      Promise.resolve({
        exists: s.exists,
        unlocked: s.actor !== null,
        people: [...s.slots.keys()].map((id) => ({ person_id: id, label: s.name('person', id) })),
      }),
    createStore: (input) =>
      answer(() => {
        const access: Access = 'admin';
        const person = s.put<Person>('person', null, { name: input.person_name, role: input.role, title: '', phone: null, email: null, access, assists: [], college: '' });
        const campaign: Campaign = {
          name: input.campaign_name,
          starts_on: input.starts_on,
          ends_on: input.ends_on,
          time_zone: 'Asia/Shanghai',
          target_per_principal: 100,
          target_new_employers: 100,
        };
        s.put('campaign', null, campaign);
        s.exists = true;
        s.school = input.school;
        s.slots.set(person.id, input.passphrase);
        return { session: unlockAs(person.id), recovery_key: FAKE_RECOVERY_KEY };
      }),
    unlock: (personId, passphrase) =>
      answer(() => {
        if (s.slots.get(personId) !== passphrase) throw errors.wrong_passphrase.error;
        if (s.waiting) {
          // Kept unlocked, for the waiting screen.
          s.actor = personId;
          throw { code: 'team.pending', message: 'this store waits for its welcome', field: null } satisfies IpcError;
        }
        return unlockAs(personId);
      }),
    recover: (recoveryKey, personId, passphrase) =>
      answer(() => {
        if (recoveryKey !== s.recoveryKey) throw errors.wrong_passphrase.error;
        s.slots.set(personId, passphrase);
        return unlockAs(personId);
      }),
    rekey: (mine, passphrase) =>
      read(() => {
        const me = s.actor ?? '';
        if (s.slots.get(me) !== mine) throw errors.wrong_passphrase.error;
        // Only the admin's own passphrase opens the rekeyed store; the old backups go, a fresh one is made.
        s.slots = new Map([[me, passphrase]]);
        s.setBy.clear();
        s.backups = [];
        s.backup('regular');
        s.recoveryKey = newRecoveryKey();
        return { recovery_key: s.recoveryKey, warning: null };
      }),
    saveRecoverySheet: (_recoveryKey, fileName) => read(() => `/tmp/${fileName}`),
    lock: () => {
      s.actor = null;
      s.picked = null;
      return Promise.resolve();
    },
    touch: () => Promise.resolve(),
    watchLock: () => Promise.resolve(),

    // The demo store holds the demo's records (as `store: 'demo'` does), unlocked as its first person.
    tryDemo: () =>
      answer(() => {
        real.actor = null;
        real.picked = null;
        if (!demoMade) {
          demoMade = new Storage();
          demoMade.demo = true;
          // The same window: files dropped on it are heard whichever store is in use.
          demoMade.fileDrops = real.fileDrops;
          seedDemo(demoMade);
        }
        s = demoMade;
        return unlockAs(demo.status.people[0]?.person_id ?? '');
      }),
    leaveDemo: () =>
      answer(() => {
        if (s === real) return;
        s.actor = null;
        s.picked = null;
        s = real;
      }),
    deleteDemo: () =>
      answer(() => {
        if (s.demo) throw { code: 'invalid', message: 'the demo is in use: leave it first', field: null } satisfies IpcError;
        demoMade = null;
      }),

    requestToJoin: (input) =>
      answer(() => {
        if (s.exists) throw { code: 'store.exists', message: 'a store exists', field: null } satisfies IpcError;
        const access: Access = 'admin';
        const person = s.put<Person>('person', null, { name: input.person_name, role: input.role, title: '', phone: null, email: null, access, assists: [], college: '' });
        s.exists = true;
        s.slots.set(person.id, input.passphrase);
        s.actor = person.id;
        s.waiting = { person_name: input.person_name, device_name: input.device_name, fingerprint: FAKE_FINGERPRINT };
        const device_id = s.newId();
        s.team = {
          team_id: null,
          device_id,
          pending: true,
          devices: [{ id: device_id, name: input.device_name, person_id: person.id, removed: false, last_heard: null }],
          conflicts: 0,
          folder: null,
          last_exchange: null,
          unsent: 0,
        };
        return { ...clone(s.waiting), recovery_key: FAKE_RECOVERY_KEY };
      }),
    pendingJoin: () => read(() => clone(waiting())),
    saveJoinRequest: () => read(() => `/tmp/${waiting().person_name}-join-request.json`),
    openWelcome: () =>
      read(() => {
        waiting();
        // What a welcome brings: the team's records (here the demo store's).
        demoRecords(s);
        s.waiting = null;
        s.team = { ...team(), team_id: s.newId(), pending: false };
        return unlockAs(s.actor ?? '');
      }),

    listBackups: () => read(() => s.backups.map((b) => clone(b.info)).reverse()),
    backupNow: () => read(() => s.backup('regular')),
    restoreBackup: (name, personId, passphrase) =>
      answer(() => {
        s.actor = null;
        if (s.slots.get(personId) !== passphrase) throw errors.wrong_passphrase.error;
        const found = s.backups.find((b) => b.info.name === name);
        if (!found) throw errors.not_found.error;
        const kept = s.backup('before_restore');
        s.tables = clone(found.tables);
        return kept;
      }),
    checkStore: () => Promise.resolve({ problems: [], newest_good_backup: null }),

    dashboard: () => read(() => clone(dashboard.demo)),

    listPeople: () => read(() => s.all<Person>('person')),
    savePerson: (id, person) => write(() => s.put('person', id, person)),
    setPassphrase: (personId, passphrase, mine) =>
      write(() => {
        s.get('person', personId);
        const me = s.actor ?? '';
        if (s.slots.get(me) !== mine) throw errors.wrong_passphrase.error;
        s.slots.set(personId, passphrase);
        if (personId !== me) s.setBy.set(personId, { by: me, by_name: s.name('person', me), at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
      }),
    removePerson: (personId) =>
      write(() => {
        s.setDeleted('person', personId, true);
        s.slots.delete(personId);
      }),
    setAccess: (personId, access, assists, college) => write(() => s.put<Person>('person', personId, { ...s.get<Person>('person', personId), access, assists, college })),
    listEmployers: (filter) => read(() => employersMatching(filter)),
    pickEmployers: (text, limit) =>
      read(() => employersMatching({ industry: null, region: null, key_only: false, origin: null, text, limit: limit ?? 8 })),
    employerNames: (ids) =>
      read(() =>
        // In the trash too, as the core reads them.
        [...s.table('employer').values()].filter((r) => ids.includes(r.id)).map((r): [string, string] => [r.id, String(r.name)]),
      ),
    employerDetail: (id) =>
      read(() => {
        const of = <T extends { employer_id: string }>(kind: Kind): Stored<T>[] => s.all<T>(kind).filter((r) => r.employer_id === id);
        const visits = s.visits().filter((v) => v.employer_id === id);
        const ofVisits = <T extends { visit_id: string }>(kind: Kind): Stored<T>[] =>
          s.all<T>(kind).filter((r) => visits.some((v) => v.id === r.visit_id));
        return {
          employer: s.get<Employer>('employer', id),
          contacts: of<Contact>('contact'),
          visits: visits.reverse(),
          job_postings: of<JobPosting>('job_posting'),
          internship_bases: of<InternshipBase>('internship_base'),
          demand_surveys: ofVisits<DemandSurvey>('demand_survey'),
          followup_surveys: ofVisits<FollowupSurvey>('followup_survey'),
          notes: s.newestFirst(of<Note>('note')),
          // Those it holds or takes part in (a 双选会), newest first.
          recruitment_events: s
            .all<RecruitmentEvent>('recruitment_event')
            .filter((r) => r.employer_id === id || r.co_employer_ids.includes(id))
            .sort((a, b) => b.held_on.localeCompare(a.held_on)),
          tasks: s.openFirst(s.all<Task>('task').filter((t) => t.employer_id === id)),
          duplicates: [],
        };
      }),
    checkEmployer: () => read(() => ({ error: null, duplicates: [] })),
    saveEmployer: (id, employer) => write(() => s.put('employer', id, employer)),
    saveContact: (id, contact) => write(() => s.put('contact', id, contact)),
    saveNote: (id, note) => write(() => s.put('note', id, note)),
    mergeEmployers: (keep, away, combined) =>
      write(() => {
        s.get<Employer>('employer', keep);
        const gone = s.get<Employer>('employer', away);
        let moved = 0;
        const kinds: Kind[] = ['contact', 'visit', 'job_posting', 'internship_base', 'recruitment_event', 'task', 'note'];
        for (const kind of kinds)
          for (const r of s.all<{ employer_id: string | null; co_employer_ids?: string[] }>(kind)) {
            const co = r.co_employer_ids ?? [];
            if (r.employer_id !== away && !co.includes(away)) continue;
            const employer_id = r.employer_id === away ? keep : r.employer_id;
            // `keep` once: a 双选会's other employers drop it when it holds the event.
            const others = co.map((e) => (e === away ? keep : e)).filter((e, i, all) => e !== employer_id && all.indexOf(e) === i);
            s.put(kind, r.id, r.co_employer_ids ? { ...r, employer_id, co_employer_ids: others } : { ...r, employer_id });
            moved++;
          }
        s.put<Employer>('employer', away, { ...gone, merged_into: keep });
        s.trashed('employer', away);
        const kept = s.put<Employer>('employer', keep, { ...combined, merged_into: null });
        return { kept, moved };
      }),

    saveJobPosting: (id, posting) => write(() => s.put('job_posting', id, posting)),
    saveInternshipBase: (id, base) => write(() => s.put('internship_base', id, base)),
    saveRecruitmentEvent: (id, event) => write(() => s.put('recruitment_event', id, event)),

    pickAttachments: (to) => (pickFiles === null ? read(() => null) : write(() => s.attach(to, pickFiles))),
    attachDropped: (to) => write(() => s.attach(to, dropFiles)),
    onFileDrop: (handler) => {
      s.fileDrops.add(handler);
      return Promise.resolve(() => void s.fileDrops.delete(handler));
    },
    listAttachments: (to) => read(() => s.attachments(to)),
    editAttachment: (id, edit) => write(() => s.put<Attachment>('attachment', id, { ...s.get<Attachment>('attachment', id), ...edit })),
    openAttachment: (id) =>
      read(() => {
        s.content(id);
      }),
    saveAttachmentAs: (id) => read(() => `/tmp/${s.content(id).name}`),
    checkAttachments: () =>
      read(() =>
        s
          .all<Attachment>('attachment')
          .filter((a) => s.absent.has(a.id))
          .map((a) => ({ id: a.id, name: a.name, code: 'attachment.missing' as const })),
      ),
    attachmentSettings: () => read(() => clone(s.attachmentSettings)),
    saveAttachmentSettings: (settings) =>
      read(() => {
        s.attachmentSettings = clone(settings);
      }),

    visitsBetween: (from, to) =>
      read(() =>
        s
          .visits()
          .filter((v) => (v.actual_start ?? v.planned_start) >= from && (v.actual_start ?? v.planned_start) < to)
          .map((v) => s.visitRow(v)),
      ),
    listVisits: (past, now, limit) =>
      read(() => {
        const at = (v: Visit): string => v.actual_start ?? v.planned_start;
        const all = s
          .visits()
          .filter((v) => (past ? at(v) < now : at(v) >= now))
          .sort((a, b) => (past ? at(b).localeCompare(at(a)) : at(a).localeCompare(at(b))));
        return { rows: all.slice(0, limit).map((v) => s.visitRow(v)), more: all.length > limit };
      }),
    summaryCases: (from, to) =>
      read(() => {
        const cases = s
          .visits()
          .filter((v) => v.status === 'completed' && v.outcome.exemplary.trim() !== '')
          .map((v) => ({ v, at: v.actual_start ?? v.planned_start }))
          .filter(({ at }) => at >= from && at < to)
          .sort((a, b) => b.at.localeCompare(a.at))
          .map(({ v, at }) => ({ id: v.id, starts_at: at, employer_name: s.name('employer', v.employer_id), lead_name: s.name('person', v.lead_id) }));
        return { newest: cases.slice(0, 200), total: cases.length };
      }),
    visitDetail: (id) =>
      read(() => {
        const visit = s.get<Visit>('visit', id);
        const of = <T extends { visit_id: string | null }>(kind: Kind): Stored<T>[] => s.all<T>(kind).filter((r) => r.visit_id === id);
        return {
          visit,
          employer: s.get<Employer>('employer', visit.employer_id),
          lead_name: s.name('person', visit.lead_id),
          demand: of<DemandSurvey>('demand_survey')[0] ?? null,
          followup: of<FollowupSurvey>('followup_survey')[0] ?? null,
          job_postings: of<JobPosting>('job_posting'),
          internship_bases: of<InternshipBase>('internship_base'),
          recruitment_events: of<RecruitmentEvent>('recruitment_event').sort((a, b) => b.held_on.localeCompare(a.held_on)),
          notes: s.newestFirst(of<Note>('note')),
          tasks: s.openFirst(of<Task>('task')),
          replanned_as: s.visits().find((v) => v.replan_of === id)?.id ?? null,
        };
      }),
    planVisit: (visit) => write(() => s.put('visit', null, visit)),
    saveVisit: (id, visit) => write(() => s.put('visit', id, visit)),
    completeVisit: (id, done) =>
      write(() => {
        const { job_postings, internship_bases, ...recorded } = done;
        const v = s.put<Visit>('visit', id, { ...s.get<Visit>('visit', id), ...recorded, status: 'completed' });
        for (const p of job_postings) s.put('job_posting', null, p);
        for (const b of internship_bases) s.put('internship_base', null, b);
        return v;
      }),
    confirmVisit: (id) => write(() => s.put<Visit>('visit', id, { ...s.get<Visit>('visit', id), confirmed_by: s.actor })),
    cancelVisit: (id, reason) => write(() => s.put<Visit>('visit', id, { ...s.get<Visit>('visit', id), status: 'cancelled', cancel_reason: reason })),
    replanVisit: (id, start, end) =>
      write(() => {
        const old = s.get<Visit>('visit', id);
        const again: Visit = {
          ...blankVisit(old.time_zone),
          employer_id: old.employer_id,
          lead_id: old.lead_id,
          participant_ids: old.participant_ids,
          guests: old.guests,
          mode: old.mode,
          objectives: old.objectives,
          planned_start: start,
          planned_end: end,
          replan_of: id,
        };
        return s.put('visit', null, again);
      }),
    saveDemandSurvey: (survey) => write(() => s.putSurvey('demand_survey', survey)),
    saveFollowupSurvey: (survey) => write(() => s.putSurvey('followup_survey', survey)),

    calendarRange: (from, to, filter, perDay) =>
      read(() => {
        const campaign = s.session().campaign;
        const zone = campaign.time_zone;
        const start = (v: Stored<Visit>): string => v.actual_start ?? v.planned_start;
        const found = s
          .visits()
          .filter((v) => start(v) < to && (v.actual_end ?? v.planned_end) > from)
          .filter(
            (v) =>
              (!filter.leaders.length || [v.lead_id, ...v.participant_ids].some((p) => filter.leaders.includes(p))) &&
              (!filter.statuses.length || filter.statuses.includes(v.status)) &&
              (!filter.modes.length || filter.modes.includes(v.mode)) &&
              (!filter.key_only || s.find<Employer>('employer', v.employer_id)?.is_key === true),
          )
          // As the core orders them: by start (instants in one format sort as text), then id.
          .sort((a, b) => start(a).localeCompare(start(b)) || a.id.localeCompare(b.id));
        // The first `perDay` of each day in the campaign's zone are drawn; the rest are counted.
        const events: CalendarEvent[] = [];
        const hidden: Hidden[] = [];
        const seen = new Map<string, number>();
        for (const v of found) {
          const day = toLocalInput(start(v), zone).slice(0, 10);
          const n = (seen.get(day) ?? 0) + 1;
          seen.set(day, n);
          if (n <= perDay) events.push(s.calendarEvent(v));
          else if (n === perDay + 1) hidden.push({ day, visits: 1, trips: 0 });
          else hidden[hidden.length - 1]!.visits++;
        }
        // Trips as the core caps them: the first `perDay` starting each day (by start, then id).
        const starting = new Map<string, number>();
        const trips = s
          .all<Trip>('trip')
          .filter((t) => t.starts_on < to.slice(0, 10) && t.ends_on >= from.slice(0, 10))
          .sort((a, b) => a.starts_on.localeCompare(b.starts_on) || a.id.localeCompare(b.id))
          .filter((t) => {
            const n = (starting.get(t.starts_on) ?? 0) + 1;
            starting.set(t.starts_on, n);
            return n <= perDay;
          })
          .map((trip) => ({ trip, leader_name: s.name('person', trip.leader_id) }));
        for (const [day, n] of starting) {
          if (n <= perDay) continue;
          const h = hidden.find((x) => x.day === day);
          if (h) h.trips = n - perDay;
          else hidden.push({ day, visits: 0, trips: n - perDay });
        }
        hidden.sort((a, b) => a.day.localeCompare(b.day));
        // The demo plan's occurrences as the core expands them; the fake expands no series.
        const occurrences = demoStore || s.demo ? calendar.occurrences.filter((o) => o.start >= from && o.start < to) : [];
        // The official days of the range's days in the campaign's zone, its last day included (as the core).
        const official_days = s.officialDays(toLocalInput(from, zone).slice(0, 10), toLocalInput(to, zone).slice(0, 10));
        return { events, hidden, trips, occurrences: clone(occurrences), official_days, campaign };
      }),
    checkSchedule: () => read(() => []),
    scheduleVisit: (id, visit) => write(() => s.put('visit', id, visit)),
    moveVisit: (id, start, end) => write(() => s.put<Visit>('visit', id, { ...s.get<Visit>('visit', id), planned_start: start, planned_end: end })),
    tripDetail: (id) => read(() => s.tripDetail(id)),
    buildTrip: (trip, stops) =>
      write(() => {
        const { id } = s.put('trip', null, trip);
        s.setStops(id, stops);
        return s.tripDetail(id);
      }),
    setItinerary: (id, stops) =>
      write(() => {
        s.setStops(id, stops);
        return s.tripDetail(id);
      }),
    contactPlan: (id) => read(() => s.get<ContactPlan>('contact_plan', id)),
    saveContactPlan: (id, plan) => write(() => s.put('contact_plan', id, plan)),
    changeOccurrence: (planId, on, change) =>
      write(() => {
        const plan = s.get<ContactPlan>('contact_plan', planId);
        const changes = plan.changes.filter((c) => c.on !== on).concat(change ? [{ ...change, on }] : []);
        return s.put<ContactPlan>('contact_plan', planId, { ...plan, changes });
      }),
    calendarPreferences: () => read(() => clone(s.prefs)),
    saveCalendarPreferences: (prefs) => read(() => (s.prefs = clone(prefs))),
    officialDays: (year) => read(() => s.officialDays(`${year}-01-01`, `${year}-12-31`)),
    setOfficialDay: (day) =>
      write(() => {
        // A date already set is changed, not doubled.
        const same = s.all<OfficialDay>('official_day').find((d) => d.on === day.on);
        return s.put('official_day', same?.id ?? null, day);
      }),
    dueReminders: () => read(() => (options.reminders ?? []).filter((r) => !r.keys.every((k) => s.delivered.has(k)))),
    deliverReminders: (_notices, keys) =>
      read(() => {
        for (const k of keys) s.delivered.add(k);
      }),

    saveReport: (_request, fileName, onProgress) =>
      read(() => {
        onProgress({ page: 1, pages: 1 });
        return `/tmp/${fileName}`;
      }),

    pickImportFile: () =>
      read(() => {
        s.picked = importCase;
        return importCase && clone(importCase.file);
      }),
    importLayout: (o) =>
      read(() => {
        if (s.picked?.error) throw s.picked.error;
        return clone(s.answer(s.picked?.layouts ?? [], o).layout);
      }),
    previewImport: (o) => read(() => clone(s.answer(s.picked?.previews ?? [], o).preview)),
    commitImport: (o) => write(() => clone(s.answer(s.picked?.commit ? [s.picked.commit] : [], o).committed)),
    importOfficialDays: () => write(() => 0),
    exportLedger: (fileName) => read(() => `/tmp/${fileName}`),
    exportLedgerCsv: (book) => read(() => (book === 'standard' ? '/tmp/访企拓岗数据' : '/tmp/台账')),
    exportCalendar: (_request, fileName) => read(() => `/tmp/${fileName}`),

    listTasks: (openOnly) =>
      read(() =>
        s
          .all<Task>('task')
          .filter((t) => !openOnly || t.done_on === null)
          .sort((a, b) => a.due_on.localeCompare(b.due_on))
          .map((t) => s.taskRow(t)),
      ),
    saveTask: (id, task) => write(() => s.put('task', id, task)),

    saveDraft: (key, json) =>
      read(() => {
        s.drafts.set(key, json);
      }),
    draft: (key) => read(() => s.drafts.get(key) ?? null),
    clearDraft: (key) =>
      read(() => {
        s.drafts.delete(key);
      }),

    search: () => read(() => []),
    deleteRecord: (kind, id) => write(() => s.trashed(kind, id)),
    trash: () => read(() => clone(s.trash)),
    restore: (kind, id) =>
      write(() => {
        s.setDeleted(kind, id, false);
        s.trash = s.trash.filter((t) => t.id !== id);
        return 1;
      }),
    undo: () =>
      read(() => {
        const before = s.undo.pop();
        if (!before) throw errors.nothing_to_undo.error;
        // How many records the undo changed back.
        const rows = (t: Tables): Map<string, string> => new Map([...t.values()].flatMap((m) => [...m.values()].map((r) => [r.id, JSON.stringify(r)])));
        const [now, then] = [rows(s.tables), rows(before)];
        const changed = new Set([...now.keys(), ...then.keys()].filter((id) => now.get(id) !== then.get(id))).size;
        s.tables = before;
        s.trash = s.trash.filter((t) => s.find(t.kind, t.id) === null);
        return changed;
      }),
    recordHistory: (_kind, id) => read(() => clone(options.history?.[id] ?? [])),

    teamStatus: () => read(teamNow),
    createTeam: (deviceName) =>
      read(() => {
        if (s.team) throw { code: 'team.already_a_team', message: 'already a team’s', field: null } satisfies IpcError;
        const device_id = s.newId();
        s.team = {
          team_id: s.newId(),
          device_id,
          pending: false,
          devices: [{ id: device_id, name: deviceName, person_id: s.actor ?? '', removed: false, last_heard: null }],
          conflicts: 0,
          folder: null,
          last_exchange: null,
          unsent: 0,
        };
        return clone(s.team);
      }),
    exportBundle: (fileName) =>
      read(() => {
        team();
        return `/tmp/${fileName}`;
      }),
    importBundle: () =>
      read(() => {
        team();
        return clone(imported);
      }),
    acceptJoin: () =>
      read(() => {
        team();
        return '/tmp/welcome.vdsync';
      }),
    removeDevice: (deviceId) =>
      read(() => {
        const device = team().devices.find((d) => d.id === deviceId);
        if (!device) throw errors.not_found.error;
        device.removed = true;
      }),
    teamConflicts: () =>
      read(() => {
        team();
        return clone(s.conflicts);
      }),
    resolveConflict: (recordId, field) =>
      write(() => {
        s.conflicts = s.conflicts.filter((c) => !(c.record_id === recordId && c.field === field));
      }),
    teamRefusals: () => read(() => clone(s.refusals)),
    chooseTeamFolder: () =>
      read(() => {
        team().folder = FAKE_TEAM_FOLDER;
        return teamNow();
      }),
    forgetTeamFolder: () =>
      read(() => {
        team().folder = null;
        return teamNow();
      }),
    syncTeamFolder: () => read(() => (team().folder === null ? null : clone(options.pass ?? { wrote_bytes: 2048, read: [] }))),
    watchTeam: () => Promise.resolve(),
    directStatus: () => read(directNow),
    watchDirect: () => Promise.resolve(),
    setDirect: (on) =>
      read(() => {
        team();
        s.direct.on = on;
        return directNow();
      }),
    syncTicket: (ticket) =>
      read(() => {
        team();
        if (!ticket.trim().startsWith('vdsync1')) throw { code: 'team.bad_ticket', message: 'not a ticket', field: null } satisfies IpcError;
        s.direct.exchanges.unshift({ device_id: null, records: 2, files: 0, sent_bytes: 4096, received_bytes: 2048, at: new Date().toISOString(), error: null });
        return directNow();
      }),

    listPairs: () => read(() => clone(s.pairs)),
    listSharedJobs: () => read(() => clone(s.sharedJobs)),
    savePairingFile: () => read(() => ({ fingerprint: FAKE_PAIRING_FINGERPRINT })),
    addPair: (fingerprint) =>
      write(() => {
        const digits = (f: string): string => f.replace(/[^0-9]/g, '');
        if (digits(fingerprint) !== digits(FAKE_PAIRING_FINGERPRINT))
          throw { code: 'share.fingerprint_mismatch', message: 'the fingerprint is not the file’s', field: null } satisfies IpcError;
        // A school paired before (its code) takes the file's name and keys.
        const known = s.pairs.find((p) => p.pair.school_code === FAKE_PAIR.school_code);
        const pair = s.put<PairedSchool>('paired_school', known?.pair.id ?? null, FAKE_PAIR);
        if (known) known.pair = pair;
        else s.pairs.push({ pair, fingerprint: FAKE_PAIRING_FINGERPRINT, jobs_shared: 0, placements_reported: 0, received: 0 });
        return clone(pair);
      }),
    shareJobs: (to, filter) =>
      read(() => {
        const row = pairNamed(to);
        const named = filter.postings.length + filter.events.length > 0;
        const postings = named ? filter.postings.length : 2;
        const headcount = named
          ? filter.postings.reduce((n, id) => n + (s.find<JobPosting>('job_posting', id)?.headcount ?? 0), 0)
          : FAKE_SHARED_HEADCOUNT;
        row.jobs_shared += headcount;
        return { to_school: row.pair.name, postings, events: filter.events.length, headcount, placements: 0 } satisfies Sent;
      }),
    importSharePackage: () =>
      read(() => {
        const row = s.pairs.find((p) => p.pair.name === shareImported.from_school);
        if (row) row.received += shareImported.added;
        return clone(shareImported);
      }),
    setSharedPlaced: (id, placed) =>
      read(() => {
        const row = s.sharedJobs.find((r) => r.job.id === id);
        if (!row) throw errors.not_found.error;
        const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        row.job = { ...row.job, placed, audit: { ...row.job.audit, updated_at: at, updated_by: s.actor ?? '' } };
        return clone(row.job);
      }),
    saveShareReport: (to) =>
      read(() => {
        const row = pairNamed(to);
        const placements = s.sharedJobs.filter((r) => r.job.paired_school_id === row.pair.id && r.job.placed !== null).length;
        return { to_school: row.pair.name, postings: 0, events: 0, headcount: 0, placements } satisfies Sent;
      }),

    settings: () => read(() => ({ school: s.school, school_code: s.schoolCode, auto_lock_minutes: s.autoLock, campaign: s.session().campaign })),
    saveCampaign: (id, campaign) => write(() => s.put('campaign', id, campaign)),
    saveSettings: (school, minutes) =>
      write(() => {
        s.school = school;
        s.autoLock = minutes;
      }),
    // Kept as given, trimmed; the core's refusals (digits, ten of them) come from overrides.
    saveSchoolCode: (code) => read(() => (s.schoolCode = code.trim())),
  };
}

/** The storage of each fake backend, for `fileDrop`. */
const storages = new WeakMap<Backend, Storage>();

/** Drags files over the fake backend's window: each `onFileDrop` handler hears `event`. */
export function fileDrop(backend: Backend, event: FileDrop): void {
  for (const handler of storages.get(backend)?.fileDrops ?? []) handler(event);
}

/** An in-memory backend; `overrides` replace single methods (e.g. with the core's answer from ./fixtures). */
export function fakeBackend(overrides: Partial<Backend> = {}, options: FakeOptions = {}): Backend {
  const storage = new Storage();
  storage.team = clone(options.team ?? null);
  storage.conflicts = clone(options.conflicts ?? []);
  storage.refusals = clone(options.refusals ?? []);
  storage.direct.reachable = clone(options.reachable ?? []);
  storage.pairs = clone(options.pairs ?? []);
  storage.sharedJobs = clone(options.sharedJobs ?? []);
  if (options.store === 'demo') {
    seedDemo(storage);
    if (options.unlocked) storage.actor = demo.status.people[0]?.person_id ?? null;
  }
  const backend = { ...makeBackend(storage, options), ...overrides };
  storages.set(backend, storage);
  return backend;
}
