import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import { t } from '../../i18n/index.svelte';
import { FAKE_PASSPHRASE, FAKE_STORE_DIR, fakeBackend, type FakeOptions } from '../../lib/backend/fake';
import * as fixtures from '../../lib/backend/fixtures';
import type { Backend, FolderPass, IpcError, Reminder, TeamStatus } from '../../lib/backend';
import { formatTime } from '../../lib/time';
import Shell from './Shell.svelte';
import { TOUR_SEEN_KEY } from './tour';

afterEach(() => {
  vi.useRealTimers();
});

/** The app on `backend`, unlocked as the demo's first person (`mount`: false when it is already shown, locked). */
async function unlockedApp(backend: Backend = fakeBackend({}, { store: 'demo' }), mount = true) {
  if (mount) render(App, { backend });
  const person = (await screen.findByTestId('unlock-person')) as HTMLSelectElement;
  await fireEvent.change(person, { target: { value: person.options[1]?.value } });
  await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: FAKE_PASSPHRASE } });
  await fireEvent.click(screen.getByTestId('unlock-submit'));
  await screen.findByTestId('nav-dashboard');
  return backend;
}

describe('the shell', () => {
  it('says after unlock when an admin set one’s passphrase, and who', async () => {
    const backend = fakeBackend({}, { store: 'demo', unlocked: true });
    const wang = (await backend.storeStatus()).people.find((p) => p.label === '王珊')!;
    await backend.setPassphrase(wang.person_id, 'spring visits 2027', FAKE_PASSPHRASE);
    await backend.lock();
    render(App, { backend });
    const person = (await screen.findByTestId('unlock-person')) as HTMLSelectElement;
    await fireEvent.change(person, { target: { value: wang.person_id } });
    await fireEvent.input(screen.getByTestId('unlock-passphrase'), { target: { value: 'spring visits 2027' } });
    await fireEvent.click(screen.getByTestId('unlock-submit'));
    await screen.findByTestId('nav-dashboard');
    expect(await screen.findByText(/^你的口令已由周明远于.+重新设置。如非本人知情，请联系管理员。$/)).toBeTruthy();
  });

  it('says nothing of the passphrase when it was not set by someone else', async () => {
    await unlockedApp();
    expect(screen.queryByText(/你的口令已由/)).toBeNull();
  });

  it('navigates with the left nav', async () => {
    await unlockedApp();
    await fireEvent.click(screen.getByTestId('nav-employers'));
    expect(await screen.findByTestId('page-employers')).toBeTruthy();
    expect(screen.getByTestId('nav-employers').getAttribute('aria-current')).toBe('page');
    await fireEvent.click(screen.getByTestId('nav-settings'));
    expect(await screen.findByTestId('page-settings')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('nav-team'));
    expect(await screen.findByTestId('page-team')).toBeTruthy();
    expect(screen.getByTestId('nav-team').textContent?.trim()).toBe('团队');
    await fireEvent.click(screen.getByTestId('nav-sharing'));
    expect(await screen.findByTestId('sharing-page')).toBeTruthy();
    expect(screen.getByTestId('nav-sharing').textContent?.trim()).toBe('对口共享');
    expect(screen.getByTestId('nav-sharing').getAttribute('aria-current')).toBe('page');
    // The nav in its order: the sharing page after the team's.
    const nav = screen.getAllByRole('button').filter((b) => b.dataset.testid?.startsWith('nav-')).map((b) => b.dataset.testid);
    expect(nav).toEqual(['nav-dashboard', 'nav-calendar', 'nav-employers', 'nav-visits', 'nav-tasks', 'nav-team', 'nav-sharing', 'nav-trash', 'nav-settings']);
  });

  it('opens the sharing page for the one posting a card sent there', async () => {
    const backend = fakeBackend({}, { store: 'demo' });
    const status = await backend.storeStatus();
    const session = await backend.unlock(status.people[0]?.person_id ?? '', FAKE_PASSPHRASE);
    const posting = fixtures.demo.job_posting[0]!;
    render(Shell, { backend, session, onlock: vi.fn(), start: { name: 'sharing', posting: posting.id, label: posting.title } });
    expect((await screen.findByTestId('share-one')).textContent).toContain(posting.title);
    expect(screen.getByTestId('nav-sharing').getAttribute('aria-current')).toBe('page');
    await fireEvent.click(screen.getByTestId('share-by-filter'));
    expect(await screen.findByTestId('share-employer')).toBeTruthy();
    expect(screen.queryByTestId('share-one')).toBeNull();
  });

  it('locks with Ctrl+L, dropping every view', async () => {
    const backend = await unlockedApp();
    const lock = vi.spyOn(backend, 'lock');
    await fireEvent.click(screen.getByTestId('nav-employers'));
    await screen.findByTestId('employer-list');

    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });

    expect(await screen.findByTestId('unlock-passphrase')).toBeTruthy();
    expect(lock).toHaveBeenCalledOnce();
    expect(screen.queryByTestId('employer-list')).toBeNull();
    expect(screen.queryByTestId('nav-dashboard')).toBeNull();
    await expect(backend.listEmployers({ industry: null, region: null, key_only: false, origin: null, limit: null, text: null })).rejects.toMatchObject({
      code: 'store.locked',
    });
  });

  it('writes pending drafts before locking', async () => {
    const backend = await unlockedApp();
    const saveDraft = vi.spyOn(backend, 'saveDraft');
    const lock = vi.spyOn(backend, 'lock');
    await fireEvent.click(screen.getByTestId('nav-visits'));
    await fireEvent.click(await screen.findByTestId('visit-new'));
    await fireEvent.input(await screen.findByTestId('visit-objectives'), { target: { value: '商谈订单班' } });

    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
    await screen.findByTestId('unlock-passphrase');
    expect(saveDraft).toHaveBeenCalledWith('visit:new', expect.stringContaining('商谈订单班'));
    expect(saveDraft.mock.invocationCallOrder[0]).toBeLessThan(lock.mock.invocationCallOrder[0] ?? 0);
  });

  it('locks with the button too', async () => {
    await unlockedApp();
    await fireEvent.click(screen.getByTestId('lock'));
    expect(await screen.findByTestId('unlock-passphrase')).toBeTruthy();
  });

  it('opens search with Ctrl+K', async () => {
    await unlockedApp();
    expect(screen.queryByTestId('search-input')).toBeNull();
    await fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    expect(await screen.findByTestId('search-input')).toBe(document.activeElement);
    await fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'Escape' });
    expect(screen.queryByTestId('search-input')).toBeNull();
  });

  it('opens a note found by search on its employer’s page, scrolled to and marked', async () => {
    const backend = fakeBackend({}, { store: 'demo', unlocked: true });
    const employer = (await backend.listEmployers({ industry: null, region: null, key_only: false, origin: null, limit: null, text: null })).find(
      (e) => e.name === '南京云栖软件股份有限公司',
    )!;
    await backend.saveNote(null, { employer_id: employer.id, visit_id: null, written_on: '2026-11-10', body: '较新的一条' });
    const note = await backend.saveNote(null, { employer_id: employer.id, visit_id: null, written_on: '2026-10-02', body: '寄送了校企合作协议' });
    vi.spyOn(backend, 'search').mockResolvedValue([
      { kind: 'note', id: note.id, title: note.written_on, employer: employer.name, employer_id: employer.id, visit_id: null, snippet: note.body },
    ]);
    await backend.lock();
    await unlockedApp(backend);

    await fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    await fireEvent.input(await screen.findByTestId('search-input'), { target: { value: '协议' } });
    await fireEvent.mouseDown(await screen.findByTestId('search-result', {}, { timeout: 2000 }));

    await screen.findByTestId('page-employer');
    const marked = await vi.waitFor(() => {
      const row = document.getElementById(`note-${note.id}`);
      if (!row) throw new Error('the note is not shown yet');
      return row;
    });
    expect(marked.getAttribute('data-highlight')).toBe('true');
    expect(screen.getAllByTestId('note-row').filter((r) => r.getAttribute('data-highlight'))).toEqual([marked]);
  });

  it('undoes with Ctrl+Z outside text fields only, and says so', async () => {
    const backend = await unlockedApp();
    const undo = vi.spyOn(backend, 'undo');
    await fireEvent.click(screen.getByTestId('nav-tasks'));
    await fireEvent.click(await screen.findByTestId('task-add'));
    await fireEvent.keyDown(screen.getByTestId('task-title'), { key: 'z', ctrlKey: true });
    expect(undo).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('nav-tasks'));
    const [done] = await screen.findAllByTestId('task-done');
    await fireEvent.click(done as HTMLElement);
    await vi.waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(1));

    await fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    expect(undo).toHaveBeenCalledOnce();
    const toasts = screen.getByTestId('toasts');
    await vi.waitFor(() => expect(within(toasts).getByText(/已撤销/)).toBeTruthy());
    await vi.waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(2));
  });

  it('says there is nothing to undo', async () => {
    await unlockedApp();
    await fireEvent.click(screen.getByTestId('undo'));
    expect(await screen.findByText('没有可以撤销的更改。')).toBeTruthy();
  });

  it('tells the shell of the user at most every 15 s, and locks when the shell says it locked', async () => {
    vi.useFakeTimers();
    const backend = fakeBackend({}, { store: 'demo' });
    const status = await backend.storeStatus();
    const session = await backend.unlock(status.people[0]?.person_id ?? '', FAKE_PASSPHRASE);
    const touch = vi.spyOn(backend, 'touch');
    const watch = vi.spyOn(backend, 'watchLock');
    const onlock = vi.fn();
    render(Shell, { backend, session, onlock });
    await vi.advanceTimersByTimeAsync(0);

    await fireEvent.pointerMove(window);
    await fireEvent.keyDown(window, { key: 'a' });
    expect(touch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(15_000);
    await fireEvent.pointerMove(window);
    expect(touch).toHaveBeenCalledTimes(2);

    expect(onlock).not.toHaveBeenCalled();
    watch.mock.calls[0]?.[0]('suspend');
    expect(onlock).toHaveBeenCalledWith('suspend');
  });
});

describe('the team in the header', () => {
  const TEAM: TeamStatus = {
    team_id: 'team-1',
    device_id: 'dev-zhou',
    pending: false,
    devices: [],
    conflicts: 0,
    folder: '/mnt/共享/访企拓岗',
    last_exchange: null,
    unsent: 2,
  };

  async function shell(options: FakeOptions, overrides: Partial<Backend> = {}) {
    const backend = fakeBackend(overrides, { store: 'demo', ...options });
    const status = await backend.storeStatus();
    const session = await backend.unlock(status.people[0]?.person_id ?? '', FAKE_PASSPHRASE);
    render(Shell, { backend, session, onlock: vi.fn() });
    return { backend, session };
  }

  it('says when changes from the team last came and how many wait to go, and opens the team page', async () => {
    const at = new Date();
    at.setSeconds(0, 0);
    const { session } = await shell({ team: { ...TEAM, last_exchange: at.toISOString() } });
    const status = await screen.findByTestId('team-sync-status');
    expect(status.textContent?.trim()).toBe(`已同步 ${formatTime(at.toISOString(), session.campaign.time_zone)} · 2 项待送出`);
    await fireEvent.click(status);
    expect(await screen.findByTestId('page-team')).toBeTruthy();
  });

  it('says when nothing came yet', async () => {
    await shell({ team: TEAM });
    expect((await screen.findByTestId('team-sync-status')).textContent?.trim()).toBe('尚未同步 · 2 项待送出');
  });

  it('says nothing when the store is not a team’s', async () => {
    const teamStatus = vi.fn().mockResolvedValue(null);
    await shell({}, { teamStatus });
    await screen.findByTestId('nav-dashboard');
    await vi.waitFor(() => expect(teamStatus).toHaveBeenCalled());
    expect(screen.queryByTestId('team-sync-status')).toBeNull();
  });

  it('is read again every 30 s', async () => {
    vi.useFakeTimers();
    const teamStatus = vi.fn().mockResolvedValue(TEAM);
    await shell({ team: TEAM }, { teamStatus });
    await vi.advanceTimersByTimeAsync(0);
    expect(screen.getByTestId('team-sync-status').textContent?.trim()).toBe('尚未同步 · 2 项待送出');
    const calls = teamStatus.mock.calls.length;

    teamStatus.mockResolvedValue({ ...TEAM, unsent: 0 });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(teamStatus.mock.calls.length).toBe(calls);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(teamStatus.mock.calls.length).toBe(calls + 1);
    expect(screen.getByTestId('team-sync-status').textContent?.trim()).toBe('尚未同步 · 0 项待送出');
  });

  it('after a pass over the team folder that applied records, reloads what is shown and says so; refused files lead to the team page', async () => {
    const backend = fakeBackend({}, { store: 'demo', team: TEAM });
    const watch = vi.spyOn(backend, 'watchTeam');
    const dashboard = vi.spyOn(backend, 'dashboard');
    const teamStatus = vi.spyOn(backend, 'teamStatus');
    const status = await backend.storeStatus();
    const session = await backend.unlock(status.people[0]?.person_id ?? '', FAKE_PASSPHRASE);
    render(Shell, { backend, session, onlock: vi.fn() });
    await screen.findByTestId('team-sync-status');
    await vi.waitFor(() => expect(dashboard).toHaveBeenCalledOnce());
    expect(watch).toHaveBeenCalledOnce();
    const statusReads = teamStatus.mock.calls.length;

    const pass: FolderPass = {
      wrote_bytes: 2048,
      read: [
        { file: 'dev-lin.vdsync', imported: { records: 3, refused: [], replay: false, duplicates: [], files: 0 }, error: null },
        { file: 'dev-wang.vdsync', imported: null, error: 'team.removed_member' },
      ],
    };
    watch.mock.calls[0]?.[0](pass);

    expect(await screen.findByText('从团队文件夹同步了 3 条记录')).toBeTruthy();
    await vi.waitFor(() => expect(dashboard).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(teamStatus.mock.calls.length).toBeGreaterThan(statusReads));

    const refused = (await screen.findByText('团队文件夹里有 1 个同步文件被拒绝，未作任何更改。')).closest('[data-testid="toast"]') as HTMLElement;
    await fireEvent.click(within(refused).getByRole('button', { name: '查看' }));
    expect(await screen.findByTestId('page-team')).toBeTruthy();
  });

  it('after a direct exchange on the network that brought records, reloads what is shown and says so', async () => {
    const backend = fakeBackend({}, { store: 'demo', team: TEAM });
    const watch = vi.spyOn(backend, 'watchDirect');
    const dashboard = vi.spyOn(backend, 'dashboard');
    const status = await backend.storeStatus();
    const session = await backend.unlock(status.people[0]?.person_id ?? '', FAKE_PASSPHRASE);
    render(Shell, { backend, session, onlock: vi.fn() });
    await vi.waitFor(() => expect(dashboard).toHaveBeenCalledOnce());
    expect(watch).toHaveBeenCalledOnce();

    watch.mock.calls[0]?.[0]({ device_id: 'dev-lin', records: 4, files: 0, sent_bytes: 900, received_bytes: 4000, at: '2026-12-04T06:00:00Z', error: null });
    expect(await screen.findByText('已通过局域网从团队成员的设备同步 4 条记录')).toBeTruthy();
    await vi.waitFor(() => expect(dashboard).toHaveBeenCalledTimes(2));
  });
});

describe('reminders at unlock', () => {
  const visitAt = (id: string, starts_at: string): Reminder => ({
    kind: 'visit',
    keys: [`visit:${id}:1440`],
    visit_id: id,
    employer_name: `单位${id}`,
    starts_at,
    minutes_before: 1440,
  });
  const taskDue = (n: number, due_on: string): Reminder => ({ kind: 'task', keys: [`task:${n}`], task_id: `t${n}`, title: `事项${n}`, due_on });

  /** The demo store at its "now" (18 November 2026, 10:00 in Beijing) with these reminders due. */
  async function withReminders(reminders: Reminder[]) {
    vi.setSystemTime(fixtures.demo.now);
    const backend = fakeBackend({}, { store: 'demo', reminders });
    const deliver = vi.spyOn(backend, 'deliverReminders');
    await unlockedApp(backend);
    await vi.waitFor(() => expect(deliver).toHaveBeenCalledOnce());
    return { backend, deliver };
  }

  it('are summed up in one line, not a message each, and the follow-ups open their page', async () => {
    const tomorrow = ['2026-11-19T01:00:00Z', '2026-11-19T06:00:00Z', '2026-11-19T12:00:00Z'].map((at, i) => visitAt(`v${i}`, at));
    const late = Array.from({ length: 166 }, (_, i) => taskDue(i, '2026-11-10'));
    const { deliver } = await withReminders([...tomorrow, ...late]);

    const summary = await screen.findByTestId('reminder-summary');
    expect(screen.getAllByTestId('reminder-summary')).toHaveLength(1);
    const parts = [...summary.querySelectorAll('[data-testid^="reminder-"]:not([data-testid$="close"])')].map((p) => p.textContent?.trim());
    expect(parts).toEqual(['明天 3 场走访', '166 项跟进事项逾期']);
    expect(screen.queryAllByTestId('toast')).toHaveLength(0);
    // The desktop still hears of each visit, and of the follow-ups at once.
    expect(deliver.mock.calls[0]?.[0]).toHaveLength(4);

    await fireEvent.click(within(summary).getByTestId('reminder-tasks-overdue'));
    expect(await screen.findByTestId('page-tasks')).toBeTruthy();
    expect(screen.queryByTestId('reminder-summary')).toBeNull();
  });

  it('send today’s and tomorrow’s visits to the calendar, and go when closed', async () => {
    await withReminders([visitAt('a', '2026-11-18T06:00:00Z'), visitAt('b', '2026-11-19T02:00:00Z'), taskDue(1, '2026-11-18')]);
    const summary = await screen.findByTestId('reminder-summary');
    expect(within(summary).getByTestId('reminder-visits-today').textContent?.trim()).toBe('今天 1 场走访');
    expect(within(summary).getByTestId('reminder-tasks-today').textContent?.trim()).toBe('1 项跟进事项今天到期');
    await fireEvent.click(within(summary).getByTestId('reminder-visits-tomorrow'));
    expect(await screen.findByTestId('page-calendar')).toBeTruthy();
    expect(screen.queryByTestId('reminder-summary')).toBeNull();
  });

  it('can be closed without going anywhere', async () => {
    await withReminders([taskDue(1, '2026-11-01')]);
    await fireEvent.click(await screen.findByTestId('reminder-summary-close'));
    expect(screen.queryByTestId('reminder-summary')).toBeNull();
    expect(screen.getByTestId('page-dashboard')).toBeTruthy();
  });
});

describe('the guided tour', () => {
  beforeEach(() => {
    localStorage.removeItem(TOUR_SEEN_KEY);
  });

  const step = (): HTMLElement => screen.getByTestId('tour-step');
  /** The tour shows step `target`, with that element found and ringed. */
  async function showing(target: string): Promise<void> {
    await vi.waitFor(() => expect(step().dataset.target).toBe(target));
    await vi.waitFor(() => expect(screen.getByTestId(target).hasAttribute('data-tour-active')).toBe(true));
    expect(document.querySelectorAll('[data-tour-active]')).toHaveLength(1);
  }

  it('shows once, on the first unlock, and Esc skips it back to where it started', async () => {
    const backend = await unlockedApp();
    const dialog = await screen.findByRole('dialog', { name: '日历' });
    expect(dialog).toBe(step());
    await showing('nav-calendar');
    expect(screen.getByTestId('page-calendar')).toBeTruthy();
    expect(step().textContent).toContain('第 1 步，共 5 步');
    expect(document.activeElement).toBe(screen.getByTestId('tour-next'));
    expect((screen.getByTestId('tour-back') as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.click(screen.getByTestId('tour-next'));
    await showing('visit-new');
    expect(screen.getByTestId('page-visits')).toBeTruthy();
    await fireEvent.keyDown(window, { key: 'ArrowLeft' });
    await showing('nav-calendar');

    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('tour')).toBeNull();
    expect(document.querySelectorAll('[data-tour-active]')).toHaveLength(0);
    expect(await screen.findByTestId('page-dashboard')).toBeTruthy();
    expect(localStorage.getItem(TOUR_SEEN_KEY)).not.toBeNull();

    // Locked and unlocked again: not again.
    await fireEvent.click(screen.getByTestId('lock'));
    await screen.findByTestId('unlock-passphrase');
    await unlockedApp(backend, false);
    expect(screen.queryByTestId('tour')).toBeNull();
  });

  it('is not shown to someone who has seen it', async () => {
    localStorage.setItem(TOUR_SEEN_KEY, '1');
    await unlockedApp();
    expect(screen.queryByTestId('tour')).toBeNull();
  });

  it('can be skipped with its button', async () => {
    await unlockedApp();
    await showing('nav-calendar');
    await fireEvent.click(screen.getByTestId('tour-skip'));
    expect(screen.queryByTestId('tour')).toBeNull();
    expect(await screen.findByTestId('page-dashboard')).toBeTruthy();
  });

  it('shows again from 帮助, five steps to the one-click PDFs, and keeps the focus in its card', async () => {
    localStorage.setItem(TOUR_SEEN_KEY, '1');
    await unlockedApp();
    await fireEvent.click(screen.getByTestId('help'));
    await fireEvent.click(screen.getByTestId('help-tour'));

    const targets = ['nav-calendar', 'visit-new', 'nav-visits', 'nav-dashboard', 'dash-summary'];
    for (const [i, target] of targets.entries()) {
      await showing(target);
      expect(step().textContent).toContain(`第 ${i + 1} 步，共 5 步`);
      if (i < targets.length - 1) await fireEvent.click(screen.getByTestId('tour-next'));
    }
    expect(screen.getByTestId('page-dashboard')).toBeTruthy();
    const done = screen.getByTestId('tour-next');
    expect(done.textContent?.trim()).toBe('开始使用');
    // Tab from the last button comes back to the first.
    done.focus();
    await fireEvent.keyDown(window, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByTestId('tour-skip'));

    await fireEvent.click(done);
    expect(screen.queryByTestId('tour')).toBeNull();
    expect(document.querySelectorAll('[data-tour-active]')).toHaveLength(0);
    expect(screen.getByTestId('page-dashboard')).toBeTruthy();
  });
});

describe('帮助 → 关于', () => {
  async function openAbout(backend: Backend = fakeBackend({}, { store: 'demo' })) {
    await unlockedApp(backend);
    await fireEvent.click(screen.getByTestId('help'));
    await fireEvent.click(screen.getByTestId('help-about'));
    const dialog = await screen.findByRole('dialog', { name: '关于' });
    await within(dialog).findByTestId('about-version');
    return { backend, dialog };
  }

  it('says the version, where the store and its backups are, and opens the backups folder', async () => {
    const backend = fakeBackend({}, { store: 'demo' });
    const open = vi.spyOn(backend, 'openBackupsFolder');
    const { dialog } = await openAbout(backend);
    expect(within(dialog).getByTestId('about-version').textContent).toBe('0.0.0-test');
    expect(within(dialog).getByTestId('about-store-dir').textContent).toBe(FAKE_STORE_DIR);
    expect(within(dialog).getByTestId('about-backups-dir').textContent).toBe(`${FAKE_STORE_DIR}/backups`);
    // The real store: the demo's badge is for the demo store (see setup/demo.test.ts).
    expect(within(dialog).queryByTestId('about-demo')).toBeNull();

    await fireEvent.click(within(dialog).getByTestId('about-open-backups'));
    expect(open).toHaveBeenCalledOnce();

    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('about')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('help'));
  });

  it('says why the backups folder did not open', async () => {
    const refused: IpcError = { code: 'internal', message: 'no file manager', field: null };
    const { dialog } = await openAbout(fakeBackend({ openBackupsFolder: () => Promise.reject(refused) }, { store: 'demo' }));
    await fireEvent.click(within(dialog).getByTestId('about-open-backups'));
    const toast = await screen.findByRole('alert');
    expect(toast.textContent).toContain(t('error.internal'));
    await fireEvent.click(within(dialog).getByTestId('about-close'));
    expect(screen.queryByTestId('about')).toBeNull();
  });

  it('has a menu the keyboard works: ↓ to the next item, Esc closes it', async () => {
    await unlockedApp();
    const help = screen.getByTestId('help');
    await fireEvent.click(help);
    expect(help.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('help-tour'));
    await fireEvent.keyDown(screen.getByTestId('help-tour'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByTestId('help-about'));
    await fireEvent.keyDown(screen.getByTestId('help-about'), { key: 'Escape' });
    expect(screen.queryByTestId('help-menu')).toBeNull();
    expect(document.activeElement).toBe(help);
  });
});
