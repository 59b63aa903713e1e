import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import { FAKE_PASSPHRASE, fakeBackend, type FakeOptions } from '../../lib/backend/fake';
import type { Backend, FolderPass, TeamStatus } from '../../lib/backend';
import { formatTime } from '../../lib/time';
import Shell from './Shell.svelte';

afterEach(() => {
  vi.useRealTimers();
});

async function unlockedApp(backend: Backend = fakeBackend({}, { store: 'demo' })) {
  render(App, { backend });
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
    await expect(backend.listEmployers({ industry: null, region: null, key_only: false, origin: null, limit: null })).rejects.toMatchObject({
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
    const employer = (await backend.listEmployers({ industry: null, region: null, key_only: false, origin: null, limit: null })).find(
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
});
