/**
 * The UI's one door to the Rust side. Components get a `Backend` and never import
 * `@tauri-apps/api` themselves: `tauri.ts` implements it over Tauri's IPC (`invoke`), and
 * `fake.ts` in memory for component tests. Each method is one IPC command returning plain data.
 *
 * Every type comes from the Rust types, generated into `./bindings` (see `types.ts`).
 * A failed call rejects with an `IpcError` ({ code, message, field, retry_after_seconds, right }), whose
 * `code` is an `ErrorCode`, a closed set; the UI shows `t('error.' + code)` and never parses `message`.
 */
import type {
  About,
  Access,
  Attached,
  Attachment,
  AttachmentEdit,
  AttachmentSettings,
  AutoLock,
  BackupInfo,
  Book,
  CalendarRequest,
  Campaign,
  Cases,
  Committed,
  Completion,
  Conflict,
  Contact,
  ContactPlan,
  Created,
  Dashboard,
  DemandSurvey,
  DirectExchange,
  DirectStatus,
  Employer,
  EmployerCheck,
  EmployerDetail,
  EmployerFilter,
  Filter,
  FolderPass,
  FollowupSurvey,
  HistoryEntry,
  Hit,
  ImportOptions,
  Imported,
  InternshipBase,
  IpcError,
  JobPosting,
  JoinForm,
  Kind,
  Layout,
  ListedAttachment,
  Listing,
  Merged,
  NewStore,
  Note,
  Notice,
  OccurrenceChange,
  Official,
  OfficialDay,
  OwnPairing,
  PairRow,
  PairedSchool,
  Period,
  Person,
  PickedFile,
  Preferences,
  Preview,
  Range,
  RecruitmentEvent,
  Refusal,
  Rekeyed,
  Reminder,
  ReportProgress,
  ReportRequest,
  Sent,
  Session,
  Settings,
  ShareFilter,
  ShareImported,
  SharedJob,
  SharedJobRow,
  Stop,
  StoreHealth,
  StoreStatus,
  Stored,
  Target,
  Task,
  TaskRow,
  TeamStatus,
  TrashEntry,
  Trip,
  TripDetail,
  Unreadable,
  Visit,
  VisitDetail,
  VisitRow,
  Waiting,
  Warning,
} from './types';
import { ERROR_CODES } from './types';

export type * from './types';
export { ERROR_CODES } from './types';

/** What happens to files dragged onto the window: over it, dropped, or taken away. */
export type FileDrop = 'over' | 'drop' | 'leave';

export interface Backend {
  /** The version of the running app (the Cargo package version). */
  appVersion(): Promise<string>;
  /**
   * "用示例数据试用": opens the demo store — a fictional school's campaign in progress, marked
   * 示例数据 on every screen and document (`session.demo`) — making it first (a few seconds), in
   * place of the real store, which locks. The demo never mixes with the real store.
   */
  tryDemo(): Promise<Session>;
  /** Leaves the demo: the real store is the one in use again, locked (its unlock or first-run screen). */
  leaveDemo(): Promise<void>;
  /** Deletes the demo store (Settings); `invalid` while the demo is in use. */
  deleteDemo(): Promise<void>;
  /** 帮助 → 关于: the version, where the store and its backups live, whether the demo is open. */
  about(): Promise<About>;
  /** Opens the backups folder in the system's file manager. */
  openBackupsFolder(): Promise<void>;

  // --- the store: first run, unlock, lock -------------------------------------------------
  /** Whether a store exists, whether it is unlocked, and who can unlock it (no secret needed). */
  storeStatus(): Promise<StoreStatus>;
  /** First run: creates the store, unlocks it as the first person; the recovery key is shown once. */
  createStore(input: NewStore): Promise<Created>;
  unlock(personId: string, passphrase: string): Promise<Session>;
  /**
   * A forgotten passphrase: unlocks with the recovery key and at once sets `personId`'s new
   * passphrase (the core's rule applies). Works while locked; returns the session as `unlock` does.
   * A wrong recovery key rejects with `store.wrong_secret`.
   */
  recover(recoveryKey: string, personId: string, passphrase: string): Promise<Session>;
  /**
   * Re-encrypts the whole store under a new key (a lost laptop, a departed staff member). Needs
   * `manage_people`. `mine` is the admin's current passphrase, retyped (wrong: `store.wrong_secret`);
   * `passphrase` is theirs from now on (the core's rule: `validation.too_short` on `passphrase`).
   * Afterwards everyone else's passphrase is gone (the admin sets them again), the old backups are
   * deleted and a fresh one made, and there is a new recovery key to show once. A `warning` says
   * what failed after the store was rekeyed (e.g. the fresh backup).
   */
  rekey(mine: string, passphrase: string): Promise<Rekeyed>;
  /**
   * The printable recovery-key sheet: makes the PDF, asks where to save it (suggesting `fileName`)
   * and opens it; null when the user cancels. Only while unlocked (right after first run or a rekey).
   */
  saveRecoverySheet(recoveryKey: string, fileName: string): Promise<string | null>;
  /** Drops the key; every later call but storeStatus/unlock fails with `store.locked`. */
  lock(): Promise<void>;
  /** A sign of the user (sent, throttled, on input): the shell counts the idle delay from the last one. */
  touch(): Promise<void>;
  /** `onlock` runs when the shell locks on its own: idle for the delay in the settings, or the machine slept. */
  watchLock(onlock: (reason: AutoLock) => void): Promise<void>;

  // --- joining a team from the first run: the store waits, unlocked, for its welcome -------
  /**
   * First run on a laptop that joins a team ("加入团队"): asks where to save the join request
   * first (null when the user cancels: nothing is made), then makes this laptop's store, which
   * waits for the welcome and is kept unlocked. The answer carries the fingerprint to read aloud
   * and the new store's recovery key, shown once.
   */
  requestToJoin(input: JoinForm): Promise<Waiting | null>;
  /**
   * The waiting screen of a store that waits for its welcome (no recovery key). `unlock` of
   * such a store rejects with `team.pending` and keeps it unlocked, for this call.
   */
  pendingJoin(): Promise<Waiting>;
  /** Saves the join request again where the user chooses; null when they cancel. */
  saveJoinRequest(): Promise<string | null>;
  /**
   * Opens the welcome the user picks (null when they cancel): this laptop is then a member and
   * the session starts, as after `unlock`.
   */
  openWelcome(): Promise<Session | null>;

  // --- backups: listed and made while unlocked; restore and check work while locked ---------
  /** The store's backups, newest first. */
  listBackups(): Promise<BackupInfo[]>;
  backupNow(): Promise<BackupInfo>;
  /**
   * Locks, then restores the backup `name` with `personId`'s passphrase of the day it was taken.
   * Returns the store as it was, kept as a backup. The app shows the unlock screen afterwards.
   */
  restoreBackup(name: string, personId: string, passphrase: string): Promise<BackupInfo | null>;
  /** The integrity checks of a store that does not open (`store.damaged`), and the newest sound backup. */
  checkStore(personId: string, passphrase: string): Promise<StoreHealth>;

  // --- dashboard ----------------------------------------------------------------------------
  /** Progress against the targets, this week's planned visits, overdue follow-ups. */
  dashboard(): Promise<Dashboard>;

  // --- people, employers, contacts ------------------------------------------------------------
  listPeople(): Promise<Stored<Person>[]>;
  savePerson(id: string | null, person: Person): Promise<Stored<Person>>;
  /**
   * Sets (or replaces) a person's passphrase, so they can unlock; `storeStatus().people` then lists them.
   * `mine` is the unlocked person's own passphrase, retyped: their current one when it is their own,
   * an admin's own when it is someone else's (`manage_people`). A wrong `mine` rejects with `store.wrong_secret`.
   */
  setPassphrase(personId: string, passphrase: string, mine: string): Promise<void>;
  /**
   * Removes a person with their key slot: their passphrase then opens neither the store nor any
   * backup. Needs `manage_people`; refused for the last admin (`access.last_admin`) or the last
   * passphrase (`store.last_passphrase`).
   */
  removePerson(personId: string): Promise<void>;
  /** Sets what a person may do: their access, the leaders they assist, their college. Needs `manage_people`. */
  setAccess(personId: string, access: Access, assists: string[], college: string): Promise<Stored<Person>>;
  listEmployers(filter: EmployerFilter): Promise<Stored<Employer>[]>;
  /**
   * The employers a picker offers for `text` (part of a name, region or credit code, spaces
   * and case aside), by name: at most `limit`, else 8; with nothing typed, the first by name.
   */
  pickEmployers(text: string, limit?: number): Promise<Stored<Employer>[]>;
  /** The names of the employers `ids` name (in the trash too), as [id, name] pairs. */
  employerNames(ids: string[]): Promise<[string, string][]>;
  employerDetail(id: string): Promise<EmployerDetail>;
  /** Validates without saving: the first field error, and likely duplicates (same credit code, or same folded name). */
  checkEmployer(id: string | null, employer: Employer): Promise<EmployerCheck>;
  saveEmployer(id: string | null, employer: Employer): Promise<Stored<Employer>>;
  saveContact(id: string | null, contact: Contact): Promise<Stored<Contact>>;
  /** Adds (id null) or edits a dated note about an employer, optionally from one of its visits. */
  saveNote(id: string | null, note: Note): Promise<Stored<Note>>;
  /**
   * Merges employer `away` into `keep` (two records of one employer): every record that points
   * at `away` (contacts, visits, postings, bases, events, tasks, notes) then points at `keep`,
   * `keep` takes the fields of `combined`, and `away` (its `merged_into` set) goes to the trash.
   * One batch: one `undo` puts everything back. Needs `manage_employers` (it deletes `away`);
   * `keep` = `away` is refused (`validation.invalid_state` on `employer.merged_into`).
   */
  mergeEmployers(keep: string, away: string, combined: Employer): Promise<Merged>;

  // --- what visits open up, kept after them: postings, bases, recruitment events ---------------
  /**
   * Adds (id null) or edits a job posting: its stage, pay, hires, or the visit it was obtained
   * on (one of its employer's that is not cancelled, else `validation.invalid_state` on
   * `job_posting.visit_id`), or none.
   */
  saveJobPosting(id: string | null, posting: JobPosting): Promise<Stored<JobPosting>>;
  /** Adds or edits an internship base (its status, term, placements per year), as `saveJobPosting`. */
  saveInternshipBase(id: string | null, base: InternshipBase): Promise<Stored<InternshipBase>>;
  /**
   * Adds or edits a recruitment event. Co-employers only at a 双选会; the visit, if any, is a
   * live one of one of its employers.
   */
  saveRecruitmentEvent(id: string | null, event: RecruitmentEvent): Promise<Stored<RecruitmentEvent>>;

  // --- attachments: photos and papers, kept encrypted in the store --------------------------------
  /**
   * Attaches the files the user picks in the open dialog (several at once) to `to`: a visit,
   * employer, job posting, base or recruitment event; null when they cancel. All in one change
   * (one undo). A file refused (`attachment.type_not_allowed`, `attachment.too_large` past the
   * setting's limit, `attachment.bad_image`) is listed in `refused` and the others attached.
   */
  pickAttachments(to: Target): Promise<Attached | null>;
  /** Attaches the files just dropped on the window (the shell keeps their paths), as `pickAttachments`. */
  attachDropped(to: Target): Promise<Attached>;
  /**
   * `handler` hears of files dragged over the window (`over`, again as the cursor moves), dropped
   * (`drop`: then `attachDropped` attaches them) or taken away (`leave`). Never their paths: the
   * shell keeps those. Resolves to the function that stops listening.
   */
  onFileDrop(handler: (event: FileDrop) => void): Promise<() => void>;
  /** The attachments of `to`, newest first; an employer's include those of its visits and outcomes. */
  listAttachments(to: Target): Promise<ListedAttachment[]>;
  /** Sets an attachment's caption, and whether the visit sheet and briefing pack print it. */
  editAttachment(id: string, edit: AttachmentEdit): Promise<Stored<Attachment>>;
  /** Opens a decrypted copy in the system's viewer; the copy is removed when the app locks or quits. */
  openAttachment(id: string): Promise<void>;
  /**
   * Saves a copy where the user chooses in the save dialog (suggesting its name): a photo without
   * its EXIF (GPS) unless the settings keep it. The path, or null when they cancel.
   */
  saveAttachmentAs(id: string): Promise<string | null>;
  /** Reads every attachment's content through; those damaged or not on this laptop, by name. */
  checkAttachments(): Promise<Unreadable[]>;
  attachmentSettings(): Promise<AttachmentSettings>;
  /** An admin's (`manage_campaign`). */
  saveAttachmentSettings(settings: AttachmentSettings): Promise<void>;

  // --- visits and surveys -----------------------------------------------------------------------
  /** Visits starting in [from, to) (RFC 3339 instants), with employer and lead names. */
  visitsBetween(from: string, to: string): Promise<VisitRow[]>;
  /**
   * The summary's 典型案例 choices: the completed visits starting in [from, to) whose case is
   * written, the newest 200 of `total`.
   */
  summaryCases(from: string, to: string): Promise<Cases>;
  /** The visit list's page: the first `limit` upcoming visits from `now`, or past ones newest first. */
  listVisits(past: boolean, now: string, limit: number): Promise<Listing>;
  visitDetail(id: string): Promise<VisitDetail>;
  planVisit(visit: Visit): Promise<Stored<Visit>>;
  /** Saves edits to a visit (participants, mode, times, objectives, notes …). */
  saveVisit(id: string, visit: Visit): Promise<Stored<Visit>>;
  completeVisit(id: string, completion: Completion): Promise<Stored<Visit>>;
  /**
   * Confirms a completion someone other than the visit's leader recorded (待确认). Only the
   * leader or an admin may (else `access.forbidden` naming `confirm_visits`).
   */
  confirmVisit(id: string): Promise<Stored<Visit>>;
  cancelVisit(id: string, reason: string): Promise<Stored<Visit>>;
  /**
   * Plans a cancelled visit again from `start` to `end` (RFC 3339 instants): a new planned visit
   * with its employer, leader, participants, mode and objectives, whose `replan_of` names the
   * cancelled one (`validation.invalid_state` on `visit.status` when it is not cancelled).
   */
  replanVisit(id: string, start: string, end: string): Promise<Stored<Visit>>;
  /** Records the visit's demand survey, replacing an earlier one. */
  saveDemandSurvey(survey: DemandSurvey): Promise<Stored<DemandSurvey>>;
  /** Records the visit's graduate follow-up survey, replacing an earlier one. */
  saveFollowupSurvey(survey: FollowupSurvey): Promise<Stored<FollowupSurvey>>;

  // --- the calendar ----------------------------------------------------------------------------
  /**
   * What the calendar shows in [from, to): visits overlapping it (filtered), at most `perDay`
   * (1..=200) of each day in the campaign's zone, in time order, with the days that had more and
   * how many more (`hidden`); trips, contact-plan occurrences, the official holidays and 调休
   * working days of its days (`official_days`), the campaign.
   */
  calendarRange(from: string, to: string, filter: Filter, perDay: number): Promise<Range>;
  /** The warnings that scheduling `visit` raises (double booking, repeat visit, outside the campaign, weekend). */
  checkSchedule(id: string | null, visit: Visit): Promise<Warning[]>;
  /** Plans (id null) or changes a visit; with warnings it needs a `reason`, else rejects with `calendar.conflicts`. */
  scheduleVisit(id: string | null, visit: Visit, reason: string): Promise<Stored<Visit>>;
  /** Moves or resizes a planned visit, with the same rule. */
  moveVisit(id: string, start: string, end: string, reason: string): Promise<Stored<Visit>>;
  tripDetail(id: string): Promise<TripDetail>;
  /** Adds a trip with these stops, in order. */
  buildTrip(trip: Trip, stops: Stop[]): Promise<TripDetail>;
  /** Sets a trip's stops, their order and travel notes. */
  setItinerary(id: string, stops: Stop[]): Promise<TripDetail>;
  contactPlan(id: string): Promise<Stored<ContactPlan>>;
  /** Adds a contact plan, or edits the whole series. */
  saveContactPlan(id: string | null, plan: ContactPlan): Promise<Stored<ContactPlan>>;
  /** Moves, skips or notes one occurrence (`change` null puts it back as the series has it). */
  changeOccurrence(planId: string, on: string, change: OccurrenceChange | null): Promise<Stored<ContactPlan>>;
  calendarPreferences(): Promise<Preferences>;
  /**
   * Saves the calendar's settings; the answer is what was kept (reminder offsets longest first,
   * without repeats). Refused (`validation.*` naming the field): `recent_visit_days` outside
   * 0..=365, more than 5 `reminder_minutes` or one outside 1..=20160 (14 days), `work_end` not
   * after `work_start` (`validation.end_before_start` on `calendar.work_end`).
   */
  saveCalendarPreferences(prefs: Preferences): Promise<Preferences>;
  /**
   * China's official holidays and 调休 working days of `year`, in date order: those shipped with
   * the app (the State Council's schedules, 2022–2026; `added` null) and those an admin added
   * (`added`: the record's id), which win over a shipped day of the same date. Empty for a year
   * neither knows.
   */
  officialDays(year: number): Promise<Official[]>;
  /**
   * Sets one day of a published schedule (a year published after the app, or a correction): a
   * date already set is changed, not doubled. Needs `manage_campaign`. An added day is removed
   * with `deleteRecord('official_day', id)`, to the trash like any record.
   */
  setOfficialDay(day: OfficialDay): Promise<Stored<OfficialDay>>;
  /** Reminders due now that have not been delivered. */
  dueReminders(): Promise<Reminder[]>;
  /** Shows notifications on the desktop and records the reminders as delivered. */
  deliverReminders(notices: Notice[], keys: string[]): Promise<void>;

  // --- printable documents -----------------------------------------------------------------------
  /**
   * Makes a PDF, asks where to save it (suggesting `fileName`) and opens it; null when the user cancels.
   * `onProgress` hears of each page as it is written.
   */
  saveReport(request: ReportRequest, fileName: string, onProgress: (progress: ReportProgress) => void): Promise<string | null>;

  // --- import and export -------------------------------------------------------------------------
  /**
   * The import wizard's first step: the open dialog (.xlsx, .xls, .csv). The shell reads the file
   * and keeps it for the steps after, which name no file. Null when the user cancels.
   */
  pickImportFile(): Promise<PickedFile | null>;
  /** The picked file's sheet, header row and columns as `options` map them (the mapping step). */
  importLayout(options: ImportOptions): Promise<Layout>;
  /** What importing the picked file would do, row by row; writes nothing. */
  previewImport(options: ImportOptions): Promise<Preview>;
  /** Imports the picked file in one transaction, which `undo` takes back as a whole. */
  commitImport(options: ImportOptions): Promise<Committed>;
  /**
   * Sets every day of the holiday schedule in the picked file (one sheet: 日期, 类型 放假/上班,
   * 名称), all or none (`exchange.bad_row` names the first bad row); returns how many. Needs
   * `manage_campaign`.
   */
  importOfficialDays(): Promise<number>;
  /**
   * An export as a workbook (.xlsx), saved where the user chooses (suggesting `fileName`); null
   * when cancelled. `book` is its shape: `ledger`, the school's ledger workbook (台账, six sheets),
   * or `standard`, the data standard's 访企拓岗数据 table (one sheet, the school code of the
   * settings in it) that a school uploads upward. `period` (inclusive days) limits it; null is
   * the campaign's whole window. A period ending before it starts is refused before the dialog
   * (`validation.end_before_start` on `period.to`).
   */
  exportLedger(fileName: string, book: Book, period: Period | null): Promise<string | null>;
  /**
   * The same as CSV files (UTF-8 with a byte-order mark), written into the folder the user
   * chooses: one per ledger sheet, or the standard's one `访企拓岗数据.csv`. The folder, or null.
   */
  exportLedgerCsv(book: Book, period: Period | null): Promise<string | null>;
  /** The planned visits of a person or a trip as an .ics calendar, saved where the user chooses. */
  exportCalendar(request: CalendarRequest, fileName: string): Promise<string | null>;

  // --- follow-up tasks ------------------------------------------------------------------------
  listTasks(openOnly: boolean): Promise<TaskRow[]>;
  saveTask(id: string | null, task: Task): Promise<Stored<Task>>;

  // --- drafts: unsaved form text, kept in the encrypted store ---------------------------------
  saveDraft(key: string, json: string): Promise<void>;
  draft(key: string): Promise<string | null>;
  clearDraft(key: string): Promise<void>;

  // --- search, trash, undo --------------------------------------------------------------------
  search(query: string): Promise<Hit[]>;
  /** Moves a record (and what depends on it) to the trash; returns how many records moved. */
  deleteRecord(kind: Kind, id: string): Promise<number>;
  trash(): Promise<TrashEntry[]>;
  restore(kind: Kind, id: string): Promise<number>;
  /** Reverts the current person's last change; returns how many records changed. */
  undo(): Promise<number>;
  /**
   * A record's changes, newest first: when, what (created, edited, deleted, restored, undone),
   * who, on which laptop when it came from another one (`device` null: this one), and for an
   * edit which of the record's fields it changed.
   */
  recordHistory(kind: Kind, id: string): Promise<HistoryEntry[]>;

  // --- the team: several laptops share one campaign record through signed, encrypted bundles ----
  /** The team as this laptop knows it: its devices and what was last heard from each; null when this store is not a team's. */
  teamStatus(): Promise<TeamStatus | null>;
  /** Makes this store a team's, with this laptop (named `deviceName`) its first device. Needs `manage_people`. */
  createTeam(deviceName: string): Promise<TeamStatus | null>;
  /**
   * Writes a bundle (.vdsync) of what the other members have not confirmed yet, where the user
   * chooses (suggesting `fileName`); null when they cancel.
   */
  exportBundle(fileName: string): Promise<string | null>;
  /**
   * Applies a bundle the user picks in the open dialog; null when they cancel. A bundle that
   * cannot be applied rejects with a `team.*` code (damaged, too_large, other_team, unknown_device,
   * removed_member, bad_signature, not_a_recipient) and changes nothing.
   */
  importBundle(): Promise<Imported | null>;
  /**
   * Accepts a newcomer's join request, picked in the open dialog (.json), if `fingerprint` (as
   * they read it aloud; spaces optional) is the request's, else `team.fingerprint_mismatch`;
   * adds them with `access` and their device, then saves their welcome where the admin chooses.
   * The welcome's path, or null when a dialog was cancelled. Needs `manage_people`.
   */
  acceptJoin(fingerprint: string, access: Access): Promise<string | null>;
  /**
   * Removes a device from the team: later bundles are not encrypted to it and what it signs is
   * refused; what it already had stays with it. Needs `manage_people`.
   */
  removeDevice(deviceId: string): Promise<void>;
  /** Fields edited on two laptops at once: the value every laptop shows first, then the others. */
  teamConflicts(): Promise<Conflict[]>;
  /**
   * Settles a conflict: the record's field takes `value`, here and on the others. For an edit
   * against a delete (field `deleted_at`), null restores the record from the trash and the
   * timestamp keeps it deleted.
   */
  resolveConflict(recordId: string, field: string, value: unknown): Promise<void>;
  /** The bundles refused whole since the app started (imported by hand or read from the team folder), with why. */
  teamRefusals(): Promise<Refusal[]>;
  /**
   * Points this laptop at the team folder the user picks (null when they cancel) and makes a
   * first pass over it; the team as it then is.
   */
  chooseTeamFolder(): Promise<TeamStatus | null>;
  /** Stops exchanging through the team folder on this laptop; the files there stay. */
  forgetTeamFolder(): Promise<TeamStatus | null>;
  /** One pass over the team folder now: writes this laptop's bundle, applies the others'; null without a folder. */
  syncTeamFolder(): Promise<FolderPass | null>;
  /** `onpass` hears of each pass the shell makes over the team folder on its own, when idle. */
  watchTeam(onpass: (pass: FolderPass) => void): Promise<void>;
  /** Direct sync on the network: the switch, this laptop's ticket, the members reachable now, the last exchanges. */
  directStatus(): Promise<DirectStatus>;
  /** Turns direct sync on or off on this laptop (on by default); off, nothing listens. */
  setDirect(on: boolean): Promise<DirectStatus>;
  /** Syncs once with the laptop whose ticket was pasted, where the network blocks discovery. */
  syncTicket(ticket: string): Promise<DirectStatus>;
  /** `onexchange` hears of each exchange direct sync makes on its own that brought records. */
  watchDirect(onexchange: (exchange: DirectExchange) => void): Promise<void>;

  // --- 一帮一 sharing with the paired school -----------------------------------------------------
  /** The paired schools, with the headcount shared with each, the placements each reported, and what each shared here. */
  listPairs(): Promise<PairRow[]>;
  /** The jobs the paired schools shared (来自××大学的共享岗位), read-only but for `placed`. */
  listSharedJobs(): Promise<SharedJobRow[]>;
  /** Saves this school's pairing file where the user chooses (an admin's); its fingerprint to read aloud; null when cancelled. */
  savePairingFile(fileName: string): Promise<OwnPairing | null>;
  /** Adds the paired school whose pairing file the user picks, once `fingerprint` (read out by them) is the file's; null when cancelled. */
  addPair(fingerprint: string): Promise<Stored<PairedSchool> | null>;
  /** Shares what `filter` picks with the paired school `to` (code or name): the package saved where the user chooses; null when cancelled. */
  shareJobs(to: string, filter: ShareFilter, fileName: string): Promise<Sent | null>;
  /** Imports a paired school's package the user picks: its jobs, or its report of placements; null when cancelled. */
  importSharePackage(): Promise<ShareImported | null>;
  /** Records how many of this school's graduates a shared job placed (null: not known). */
  setSharedPlaced(id: string, placed: number | null): Promise<Stored<SharedJob>>;
  /** Saves the placements recorded here of `to`'s shared jobs, to send back to it; null when cancelled. */
  saveShareReport(to: string, fileName: string): Promise<Sent | null>;

  // --- settings -------------------------------------------------------------------------------
  settings(): Promise<Settings>;
  saveCampaign(id: string, campaign: Campaign): Promise<Stored<Campaign>>;
  saveSettings(school: string, autoLockMinutes: number): Promise<void>;
  /**
   * Sets the school's 学校标识码, printed in the data standard's table: ten digits, or empty to
   * clear it (surrounding spaces dropped); the code kept. Needs `manage_campaign`. Refused on
   * `settings.school_code`: not only digits (`validation.forbidden_character`), fewer than ten
   * (`validation.too_short`), more (`validation.too_long`).
   */
  saveSchoolCode(code: string): Promise<string>;
}

/** Whether `e` is how a failed call rejects: an object whose `code` is one of the `ErrorCode`s. */
export function isIpcError(e: unknown): e is IpcError {
  if (typeof e !== 'object' || e === null || !('code' in e)) return false;
  const code = (e as { code: unknown }).code;
  return (ERROR_CODES as readonly unknown[]).includes(code);
}
