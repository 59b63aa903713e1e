import { Channel, invoke } from '@tauri-apps/api/core';
import { isIpcError, type Backend, type FileDrop, type IpcError } from './index';

/**
 * Calls one IPC command. Command and argument names are the Rust ones, in snake_case
 * (src-tauri/src/commands/, `rename_all = "snake_case"`).
 *
 * The shell rejects with an `IpcError`; anything else (Tauri refusing arguments that do not
 * deserialize, a command missing from the capability) is turned into one with code `internal`,
 * so callers only ever see `IpcError`s.
 */
async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    if (isIpcError(e)) throw e;
    const error: IpcError = { code: 'internal', message: String(e), field: null };
    throw error;
  }
}

/** The real backend, talking to the Rust shell over IPC. */
export const tauriBackend: Backend = {
  appVersion: () => call('app_version'),
  tryDemo: () => call('try_demo'),
  leaveDemo: () => call('leave_demo'),
  deleteDemo: () => call('delete_demo'),
  about: () => call('about'),
  openBackupsFolder: () => call('open_backups_folder'),

  storeStatus: () => call('store_status'),
  createStore: (input) => call('create_store', { input }),
  unlock: (personId, passphrase) => call('unlock', { person_id: personId, passphrase }),
  recover: (recoveryKey, personId, passphrase) =>
    call('recover', { recovery_key: recoveryKey, person_id: personId, passphrase }),
  rekey: (mine, passphrase) => call('rekey', { mine, passphrase }),
  saveRecoverySheet: (recoveryKey, fileName) => call('save_recovery_sheet', { recovery_key: recoveryKey, file_name: fileName }),
  lock: () => call('lock'),
  touch: () => call('touch'),
  watchLock: (onlock) => call('watch_lock', { on_lock: new Channel(onlock) }),

  requestToJoin: (input) => call('request_to_join', { input }),
  pendingJoin: () => call('pending_join'),
  saveJoinRequest: () => call('save_join_request'),
  openWelcome: () => call('open_welcome'),

  listBackups: () => call('list_backups'),
  backupNow: () => call('backup_now'),
  restoreBackup: (name, personId, passphrase) => call('restore_backup', { name, person_id: personId, passphrase }),
  checkStore: (personId, passphrase) => call('check_store', { person_id: personId, passphrase }),

  dashboard: () => call('dashboard'),

  listPeople: () => call('list_people'),
  savePerson: (id, person) => call('save_person', { id, person }),
  setPassphrase: (personId, passphrase, mine) => call('set_passphrase', { person_id: personId, passphrase, mine }),
  removePerson: (personId) => call('remove_person', { person_id: personId }),
  setAccess: (personId, access, assists, college) => call('set_access', { person_id: personId, access, assists, college }),
  listEmployers: (filter) => call('list_employers', { filter }),
  pickEmployers: (text, limit) => call('pick_employers', { text, limit: limit ?? null }),
  employerNames: (ids) => call('employer_names', { ids }),
  employerDetail: (id) => call('employer_detail', { id }),
  checkEmployer: (id, employer) => call('check_employer', { id, employer }),
  saveEmployer: (id, employer) => call('save_employer', { id, employer }),
  saveContact: (id, contact) => call('save_contact', { id, contact }),
  saveNote: (id, note) => call('save_note', { id, note }),
  mergeEmployers: (keep, away, combined) => call('merge_employers', { keep, away, combined }),

  saveJobPosting: (id, posting) => call('save_job_posting', { id, posting }),
  saveInternshipBase: (id, base) => call('save_internship_base', { id, base }),
  saveRecruitmentEvent: (id, event) => call('save_recruitment_event', { id, event }),
  pickAttachments: (to) => call('pick_attachments', { to }),
  attachDropped: (to) => call('attach_dropped', { to }),
  // Only what happened is passed on: the dropped paths stay with the shell (`attach_dropped`).
  onFileDrop: async (handler) => {
    // The shell tells the last page that asked; a page that has gone stops hearing.
    let live = true;
    await call('watch_drops', { on_drop: new Channel<FileDrop>((event) => live && handler(event)) });
    return () => {
      live = false;
    };
  },
  listAttachments: (to) => call('list_attachments', { to }),
  editAttachment: (id, edit) => call('edit_attachment', { id, edit }),
  openAttachment: (id) => call('open_attachment', { id }),
  saveAttachmentAs: (id) => call('save_attachment_as', { id }),
  checkAttachments: () => call('check_attachments'),
  attachmentSettings: () => call('attachment_settings'),
  saveAttachmentSettings: (settings) => call('save_attachment_settings', { settings }),

  visitsBetween: (from, to) => call('visits_between', { from, to }),
  summaryCases: (from, to) => call('summary_cases', { from, to }),
  listVisits: (past, now, limit) => call('list_visits', { past, now, limit }),
  visitDetail: (id) => call('visit_detail', { id }),
  planVisit: (visit) => call('plan_visit', { visit }),
  saveVisit: (id, visit) => call('save_visit', { id, visit }),
  completeVisit: (id, completion) => call('complete_visit', { id, completion }),
  confirmVisit: (id) => call('confirm_visit', { id }),
  cancelVisit: (id, reason) => call('cancel_visit', { id, reason }),
  replanVisit: (id, start, end) => call('replan_visit', { id, start, end }),
  saveDemandSurvey: (survey) => call('save_demand_survey', { survey }),
  saveFollowupSurvey: (survey) => call('save_followup_survey', { survey }),

  calendarRange: (from, to, filter, perDay) => call('calendar_range', { from, to, filter, per_day: perDay }),
  checkSchedule: (id, visit) => call('check_schedule', { id, visit }),
  scheduleVisit: (id, visit, reason) => call('schedule_visit', { id, visit, reason }),
  moveVisit: (id, start, end, reason) => call('move_visit', { id, start, end, reason }),
  tripDetail: (id) => call('trip_detail', { id }),
  buildTrip: (trip, stops) => call('build_trip', { trip, stops }),
  setItinerary: (id, stops) => call('set_itinerary', { id, stops }),
  contactPlan: (id) => call('contact_plan', { id }),
  saveContactPlan: (id, plan) => call('save_contact_plan', { id, plan }),
  changeOccurrence: (planId, on, change) => call('change_occurrence', { plan_id: planId, on, change }),
  calendarPreferences: () => call('calendar_preferences'),
  saveCalendarPreferences: (prefs) => call('save_calendar_preferences', { prefs }),
  officialDays: (year) => call('official_days', { year }),
  setOfficialDay: (day) => call('set_official_day', { day }),
  dueReminders: () => call('due_reminders'),
  deliverReminders: (notices, keys) => call('deliver_reminders', { notices, keys }),

  saveReport: (request, fileName, onProgress) =>
    call('save_report', { request, file_name: fileName, on_progress: new Channel(onProgress) }),

  pickImportFile: () => call('pick_import_file'),
  importLayout: (options) => call('import_layout', { options }),
  previewImport: (options) => call('preview_import', { options }),
  commitImport: (options) => call('commit_import', { options }),
  importOfficialDays: () => call('import_official_days'),
  exportLedger: (fileName, book, period) =>
    call('export_ledger', { file_name: fileName, book, from: period?.from ?? null, to: period?.to ?? null }),
  exportLedgerCsv: (book, period) => call('export_ledger_csv', { book, from: period?.from ?? null, to: period?.to ?? null }),
  exportCalendar: (request, fileName) => call('export_calendar', { request, file_name: fileName }),

  listTasks: (openOnly) => call('list_tasks', { open_only: openOnly }),
  saveTask: (id, task) => call('save_task', { id, task }),

  saveDraft: (key, json) => call('save_draft', { key, json }),
  draft: (key) => call('draft', { key }),
  clearDraft: (key) => call('clear_draft', { key }),

  search: (query) => call('search', { query }),
  deleteRecord: (kind, id) => call('delete_record', { kind, id }),
  trash: () => call('trash'),
  restore: (kind, id) => call('restore', { kind, id }),
  undo: () => call('undo'),
  recordHistory: (kind, id) => call('record_history', { kind, id }),

  teamStatus: () => call('team_status'),
  createTeam: (deviceName) => call('create_team', { device_name: deviceName }),
  exportBundle: (fileName) => call('export_bundle', { file_name: fileName }),
  importBundle: () => call('import_bundle'),
  acceptJoin: (fingerprint, access) => call('accept_join', { fingerprint, access }),
  removeDevice: (deviceId) => call('remove_device', { device_id: deviceId }),
  teamConflicts: () => call('team_conflicts'),
  resolveConflict: (recordId, field, value) => call('resolve_conflict', { record_id: recordId, field, value }),
  teamRefusals: () => call('team_refusals'),
  chooseTeamFolder: () => call('choose_team_folder'),
  forgetTeamFolder: () => call('forget_team_folder'),
  syncTeamFolder: () => call('sync_team_folder'),
  watchTeam: (onpass) => call('watch_team', { on_pass: new Channel(onpass) }),
  directStatus: () => call('direct_status'),
  setDirect: (on) => call('set_direct', { on }),
  syncTicket: (ticket) => call('sync_ticket', { ticket }),
  watchDirect: (onexchange) => call('watch_direct', { on_exchange: new Channel(onexchange) }),
  listPairs: () => call('list_pairs'),
  listSharedJobs: () => call('list_shared_jobs'),
  savePairingFile: (fileName) => call('save_pairing_file', { file_name: fileName }),
  addPair: (fingerprint) => call('add_pair', { fingerprint }),
  shareJobs: (to, filter, fileName) => call('share_jobs', { to, filter, file_name: fileName }),
  importSharePackage: () => call('import_share_package'),
  setSharedPlaced: (id, placed) => call('set_shared_placed', { id, placed }),
  saveShareReport: (to, fileName) => call('save_share_report', { to, file_name: fileName }),

  settings: () => call('settings'),
  saveCampaign: (id, campaign) => call('save_campaign', { id, campaign }),
  saveSettings: (school, autoLockMinutes) => call('save_settings', { school, auto_lock_minutes: autoLockMinutes }),
  saveSchoolCode: (code) => call('save_school_code', { code }),
};
