import { fireEvent, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n/index.svelte';
import type { Conflict, FolderPass, IpcError, Refusal, TeamStatus } from '../../lib/backend';
import { FAKE_TEAM_FOLDER, FAKE_TICKET } from '../../lib/backend/fake';
import { demo as store } from '../../lib/backend/fixtures';
import { demo, renderIn } from '../../test/harness';
import { normalizeFingerprint } from './fingerprint';
import Team from './Team.svelte';

afterEach(() => setLocale('zh-CN'));

const [ZHOU, LIN, , WANG] = store.person.map((p) => p.id) as [string, string, string, string];
const VISIT = store.visit[0]!;

/** A team of three laptops as 周明远's knows it: his own, 林晓岚's (heard from), 王珊's (removed). */
const TEAM: TeamStatus = {
  team_id: 'team-1',
  device_id: 'dev-zhou',
  pending: false,
  devices: [
    { id: 'dev-zhou', name: '周书记的笔记本', person_id: ZHOU, removed: false, last_heard: null },
    { id: 'dev-lin', name: '林校长的笔记本', person_id: LIN, removed: false, last_heard: '2026-10-12T06:30:00Z' },
    { id: 'dev-wang', name: '王珊的笔记本', person_id: WANG, removed: true, last_heard: null },
  ],
  conflicts: 0,
  folder: null,
  last_exchange: null,
  unsent: 0,
};

/** Someone no longer in the store. */
const GONE = '00000000-0000-7000-8000-0000000000ff';

const CONFLICTS: Conflict[] = [
  { kind: 'visit', record_id: VISIT.id, field: 'notes', values: ['带上合作协议草案', '先谈实习基地'], by: [ZHOU, LIN] },
  { kind: 'task', record_id: '00000000-0000-7000-8000-000000000099', field: 'title', values: ['寄送协议', null], by: [GONE, null] },
];

const rows = (testid: string): HTMLElement[] => screen.getAllByTestId(testid);
const text = (el: HTMLElement): string => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('the team page: not a team', () => {
  it('explains what a team is and lets an admin create one, named after them', async () => {
    const { app, backend } = await demo();
    const create = vi.spyOn(backend, 'createTeam');
    renderIn(app, Team, {});

    const none = await screen.findByTestId('team-none');
    expect(text(none)).toContain('每台笔记本都保留自己的口令和密钥');
    expect(text(none)).toContain('只加密给团队成员的设备');
    expect(text(screen.getByTestId('team-join-explain'))).toContain('选择“加入团队”');
    expect(text(screen.getByTestId('team-join-explain'))).toContain('点“打开欢迎包”');
    const cli = screen.getByTestId('team-join-cli');
    expect([...cli.querySelectorAll('code')].map((c) => c.textContent)).toEqual([
      'visitdesk team join-request --name 姓名 --device-name 本机名称 --out 加入申请.json',
      'visitdesk team join 欢迎文件.vdsync',
    ]);
    const name = screen.getByTestId('team-device-name') as HTMLInputElement;
    expect(name.value).toBe('周明远的笔记本');

    await fireEvent.input(name, { target: { value: '周书记的笔记本' } });
    await fireEvent.click(screen.getByTestId('team-create'));

    expect(create).toHaveBeenCalledWith('周书记的笔记本');
    const device = await screen.findByTestId('device-row');
    expect(text(device)).toContain('周书记的笔记本');
    expect(within(device).getByTestId('device-this').textContent).toBe('本机');
    expect(text(device)).toContain('周明远');
    expect(screen.queryByTestId('team-none')).toBeNull();
    expect(app.toasts.items.map((n) => n.text)).toContain('团队已创建');
  });

  it('does not create a team without a device name', async () => {
    const { app, backend } = await demo();
    const create = vi.spyOn(backend, 'createTeam');
    renderIn(app, Team, {});
    await fireEvent.input(await screen.findByTestId('team-device-name'), { target: { value: '  ' } });
    await fireEvent.click(screen.getByTestId('team-create'));
    expect(await screen.findByTestId('team-create-error')).toBeTruthy();
    expect(create).not.toHaveBeenCalled();
  });

  it('disables creating for an assistant, naming the right it needs', async () => {
    const { app } = await demo({}, {}, '王珊');
    renderIn(app, Team, {});
    const button = (await screen.findByTestId('team-create')) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.title).toBe('需要权限：管理人员');
    expect(screen.getByTestId('team-create-needs').textContent).toBe('需要权限：管理人员');
  });
});

describe('the team page: a team', () => {
  it('lists the devices with their person, last heard and removed badge', async () => {
    const { app } = await demo({}, { team: TEAM });
    renderIn(app, Team, {});
    await screen.findAllByTestId('device-row');
    const [mine, lin, wang] = rows('device-row') as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(mine).getByTestId('device-this')).toBeTruthy();
    expect(within(mine).queryByTestId('device-remove')).toBeNull();
    expect(text(lin)).toContain('林校长的笔记本');
    expect(text(lin)).toContain('林晓岚');
    expect(text(lin)).toMatch(/2026-10-12 \d{2}:\d{2}/);
    expect(within(wang).getByTestId('device-removed').textContent).toBe('已移出');
    expect(within(wang).queryByTestId('device-remove')).toBeNull();
  });

  it('exports a bundle under a dated name and says where it went', async () => {
    const { app, backend } = await demo({}, { team: TEAM });
    const exported = vi.spyOn(backend, 'exportBundle');
    renderIn(app, Team, {});
    await fireEvent.click(await screen.findByTestId('team-export'));
    await vi.waitFor(() => expect(exported).toHaveBeenCalledOnce());
    expect(exported.mock.calls[0]?.[0]).toMatch(/^访企拓岗-同步-\d{4}-\d{2}-\d{2}\.vdsync$/);
    await vi.waitFor(() => expect(app.toasts.items.map((n) => n.text).join()).toContain('同步文件已保存：/tmp/访企拓岗-同步-'));
  });

  it('shows what an import did: records changed, changes refused with their reason, a replay', async () => {
    const refusedId = '00000000-0000-7000-8000-000000000077';
    const importBundle = vi
      .fn()
      .mockResolvedValueOnce({ records: 3, refused: [{ kind: 'visit', record_id: refusedId, code: 'access.forbidden' }], replay: false, duplicates: [], files: 0 })
      .mockResolvedValueOnce(null)
      .mockResolvedValueOnce({ records: 0, refused: [], replay: true, duplicates: [] });
    const { app } = await demo({ importBundle }, { team: TEAM });
    renderIn(app, Team, {});

    await fireEvent.click(await screen.findByTestId('team-import'));
    expect((await screen.findByTestId('import-records')).textContent).toBe('本机有 3 条记录随之更新。');
    expect(screen.getByTestId('import-refused-title').textContent).toBe('以下 1 项更改已被搁置，没有应用：');
    const refused = screen.getByTestId('refused-row');
    expect(text(refused)).toContain('走访');
    expect(text(refused)).toContain(refusedId);
    expect(text(refused)).toContain('修改者没有这项更改所需的权限。');
    expect(screen.queryByTestId('import-replay')).toBeNull();
    expect(screen.queryByTestId('import-duplicates')).toBeNull();

    // Cancelled: the last result stays.
    await fireEvent.click(screen.getByTestId('team-import'));
    await vi.waitFor(() => expect(importBundle).toHaveBeenCalledTimes(2));
    expect(screen.getByTestId('import-records')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('team-import'));
    expect((await screen.findByTestId('import-replay')).textContent).toBe('这份同步文件以前已经导入过，未作任何更改。');
    expect(screen.queryByTestId('import-records')).toBeNull();
    expect(screen.queryByTestId('refused-row')).toBeNull();
  });

  it('says why a bundle was not applied, and lists it among the refused', async () => {
    const error: IpcError = { code: 'team.bad_signature', message: 'bad signature', field: null };
    const refused: Refusal = { source: 'dev-lin.vdsync', code: 'team.bad_signature', at: '2026-10-12T06:30:00Z' };
    const teamRefusals = vi.fn().mockResolvedValueOnce([]).mockResolvedValue([refused]);
    const { app } = await demo({ importBundle: () => Promise.reject(error), teamRefusals }, { team: TEAM });
    renderIn(app, Team, {});
    await screen.findByTestId('refusals-none');
    await fireEvent.click(await screen.findByTestId('team-import'));
    await vi.waitFor(() => expect(app.toasts.items.map((n) => n.text).join()).toContain('同步文件的签名不符'));
    expect(screen.queryByTestId('import-result')).toBeNull();
    expect(text(await screen.findByTestId('refusal-row'))).toContain('dev-lin.vdsync');
  });

  it('removes a device only after a confirmation that says what it keeps', async () => {
    const { app, backend } = await demo({}, { team: TEAM });
    const remove = vi.spyOn(backend, 'removeDevice');
    renderIn(app, Team, {});
    await screen.findAllByTestId('device-row');
    await fireEvent.click(screen.getByTestId('device-remove'));

    const confirm = screen.getByTestId('device-remove-confirm');
    expect(text(confirm)).toContain('将“林校长的笔记本”移出团队？');
    expect(text(screen.getByTestId('device-remove-explain'))).toContain('不再加密给这台设备');
    expect(text(screen.getByTestId('device-remove-explain'))).toContain('已经收到的记录仍留在那台笔记本上');
    expect(remove).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('device-remove-cancel'));
    expect(screen.queryByTestId('device-remove-confirm')).toBeNull();
    expect(remove).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('device-remove'));
    await fireEvent.click(screen.getByTestId('device-remove-submit'));
    expect(remove).toHaveBeenCalledWith('dev-lin');
    await vi.waitFor(() => expect(within(rows('device-row')[1]!).getByTestId('device-removed')).toBeTruthy());
    expect(screen.queryByTestId('device-remove')).toBeNull();
  });

  it('leaves removing and accepting to admins, naming the right', async () => {
    const { app } = await demo({}, { team: TEAM }, '王珊');
    renderIn(app, Team, {});
    const remove = (await screen.findByTestId('device-remove')) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);
    expect(remove.title).toBe('需要权限：管理人员');
    expect((screen.getByTestId('accept-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('accept-needs').textContent).toBe('需要权限：管理人员');
    // Bundles are every member's.
    expect((screen.getByTestId('team-export') as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByTestId('team-import') as HTMLButtonElement).disabled).toBe(false);
  });

  it('says how many employers a bundle brought look like duplicates of ours', async () => {
    const duplicates = [store.employer[0]!.id, store.employer[1]!.id];
    const { app } = await demo({}, { team: TEAM, imported: { records: 4, refused: [], replay: false, duplicates, files: 0 } });
    renderIn(app, Team, {});
    await fireEvent.click(await screen.findByTestId('team-import'));
    expect((await screen.findByTestId('import-duplicates')).textContent).toBe(
      '其中 2 家用人单位可能与本机已有的单位重复：两条都已保留，并在单位页面标出，请核对。',
    );
  });

  it('shows when changes from another member last came, and how many made here wait to go', async () => {
    const { app } = await demo({}, { team: { ...TEAM, last_exchange: '2026-10-12T06:30:00Z', unsent: 3 } });
    renderIn(app, Team, {});
    expect(text(await screen.findByTestId('team-last-exchange'))).toMatch(/^最近收到其他成员的更改：2026-10-12 \d{2}:\d{2}$/);
    expect(text(screen.getByTestId('team-unsent'))).toBe('本机有 3 项更改尚未得到其他成员确认收到。');
  });

  it('says when no change from another member came yet', async () => {
    const { app } = await demo({}, { team: TEAM });
    renderIn(app, Team, {});
    expect(text(await screen.findByTestId('team-last-exchange'))).toBe('尚未收到其他成员的更改。');
    expect(text(screen.getByTestId('team-unsent'))).toBe('本机有 0 项更改尚未得到其他成员确认收到。');
  });

  it('says a laptop waiting for its welcome cannot sync yet, and how to open the welcome', async () => {
    const { app } = await demo({}, { team: { ...TEAM, team_id: null, pending: true } });
    renderIn(app, Team, {});
    expect(text(await screen.findByTestId('team-pending'))).toContain('点“打开欢迎包”');
    expect(screen.queryByTestId('team-folder')).toBeNull();
    expect((screen.getByTestId('team-export') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('team-import') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('accepting a join request', () => {
  it('reads the fingerprint as typed: 16 digits, spaces allowed', () => {
    expect(normalizeFingerprint('1234 5678 9012 3456')).toBe('1234 5678 9012 3456');
    expect(normalizeFingerprint(' 1234567890123456 ')).toBe('1234 5678 9012 3456');
    expect(normalizeFingerprint('１２３４　５６７８ 9012 3456')).toBe('1234 5678 9012 3456');
    expect(normalizeFingerprint('1234 5678 9012')).toBeNull();
    expect(normalizeFingerprint('1234 5678 9012 34567')).toBeNull();
    expect(normalizeFingerprint('1234-5678-9012-345a')).toBeNull();
  });

  it('checks the fingerprint’s form before calling, then passes it with the access chosen', async () => {
    const { app, backend } = await demo({}, { team: TEAM });
    const accept = vi.spyOn(backend, 'acceptJoin');
    renderIn(app, Team, {});
    const fingerprint = await screen.findByTestId('accept-fingerprint');

    await fireEvent.input(fingerprint, { target: { value: '1234 5678 9012' } });
    await fireEvent.click(screen.getByTestId('accept-submit'));
    expect(screen.getByTestId('accept-fingerprint-error').textContent).toContain('指纹应为 16 位数字');
    expect(accept).not.toHaveBeenCalled();

    await fireEvent.input(fingerprint, { target: { value: '1234 5678 9012 3456' } });
    await fireEvent.change(screen.getByTestId('accept-access'), { target: { value: 'leader' } });
    await fireEvent.click(screen.getByTestId('accept-submit'));
    expect(accept).toHaveBeenCalledWith('1234 5678 9012 3456', 'leader');

    const welcome = await screen.findByTestId('accept-welcome');
    expect(text(welcome)).toContain('欢迎文件已保存：/tmp/welcome.vdsync');
    expect(text(welcome)).toContain('请把这个欢迎文件交给新成员');
    expect(text(welcome)).toContain('等待页面点“打开欢迎包”打开');
    expect(screen.queryByTestId('accept-fingerprint-error')).toBeNull();
  });

  it('shows a fingerprint mismatch at the fingerprint', async () => {
    const mismatch: IpcError = { code: 'team.fingerprint_mismatch', message: 'no', field: null };
    const { app } = await demo({ acceptJoin: () => Promise.reject(mismatch) }, { team: TEAM });
    renderIn(app, Team, {});
    await fireEvent.input(await screen.findByTestId('accept-fingerprint'), { target: { value: '1234567890123456' } });
    await fireEvent.click(screen.getByTestId('accept-submit'));
    expect((await screen.findByTestId('accept-fingerprint-error')).textContent).toContain('指纹与申请文件不符');
    expect(screen.queryByTestId('accept-welcome')).toBeNull();
  });
});

describe('the team folder', () => {
  /** A pass that read two members' bundles: 林晓岚's applied (3 records, 2 likely duplicates), 王珊's refused. */
  const PASS: FolderPass = {
    wrote_bytes: 4096,
    read: [
      { file: 'dev-lin.vdsync', imported: { records: 3, refused: [], replay: false, duplicates: ['e1', 'e2'], files: 0 }, error: null },
      { file: 'dev-wang.vdsync', imported: null, error: 'team.removed_member' },
    ],
  };

  it('is chosen, synced now (saying what the pass did) and stopped only after a confirmation', async () => {
    const { app, backend } = await demo({}, { team: TEAM, pass: PASS });
    const choose = vi.spyOn(backend, 'chooseTeamFolder');
    const sync = vi.spyOn(backend, 'syncTeamFolder');
    const forget = vi.spyOn(backend, 'forgetTeamFolder');
    renderIn(app, Team, {});

    const section = await screen.findByTestId('team-folder');
    expect(text(section)).toContain('本机在空闲时会自动通过它与其他成员交换同步文件');
    expect(screen.getByTestId('team-folder-path').textContent).toBe('未设置');
    expect((screen.getByTestId('team-folder-sync') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('team-folder-forget') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('team-pass-none').textContent).toBe('本次启动以来尚未通过团队文件夹同步。');

    await fireEvent.click(screen.getByTestId('team-folder-choose'));
    expect(choose).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(screen.getByTestId('team-folder-path').textContent).toBe(FAKE_TEAM_FOLDER));
    expect(app.toasts.items.map((n) => n.text)).toContain(`已设置团队文件夹：${FAKE_TEAM_FOLDER}`);

    const revision = app.revision;
    await fireEvent.click(screen.getByTestId('team-folder-sync'));
    expect(sync).toHaveBeenCalledOnce();
    expect(text(await screen.findByTestId('team-pass-summary'))).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}：应用了 3 条记录，拒绝了 1 个文件。$/);
    expect(text(screen.getByTestId('team-pass-duplicates'))).toContain('其中 2 家用人单位可能与本机已有的单位重复');
    // It applied records: the views reload.
    expect(app.revision).toBeGreaterThan(revision);

    await fireEvent.click(screen.getByTestId('team-folder-forget'));
    expect(text(screen.getByTestId('team-folder-forget-confirm'))).toContain('文件夹里已有的文件保持不动');
    await fireEvent.click(screen.getByTestId('team-folder-forget-cancel'));
    expect(screen.queryByTestId('team-folder-forget-confirm')).toBeNull();
    expect(forget).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('team-folder-forget'));
    await fireEvent.click(screen.getByTestId('team-folder-forget-submit'));
    expect(forget).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(screen.getByTestId('team-folder-path').textContent).toBe('未设置'));
    expect(screen.queryByTestId('team-folder-forget-confirm')).toBeNull();
    expect(app.toasts.items.map((n) => n.text)).toContain('已停用团队文件夹');
  });

  it('changes nothing when the folder dialog is cancelled', async () => {
    const { app } = await demo({ chooseTeamFolder: () => Promise.resolve(null) }, { team: TEAM });
    renderIn(app, Team, {});
    await fireEvent.click(await screen.findByTestId('team-folder-choose'));
    await vi.waitFor(() => expect((screen.getByTestId('team-folder-choose') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.getByTestId('team-folder-path').textContent).toBe('未设置');
    expect(app.toasts.items).toEqual([]);
  });

  it('shows what the shell’s own pass did', async () => {
    const { app } = await demo({}, { team: { ...TEAM, folder: FAKE_TEAM_FOLDER } });
    renderIn(app, Team, {});
    await screen.findByTestId('team-pass-none');
    app.passed({ wrote_bytes: 0, read: [{ file: 'dev-lin.vdsync', imported: { records: 1, refused: [], replay: false, duplicates: [], files: 0 }, error: null }] });
    expect(text(await screen.findByTestId('team-pass-summary'))).toContain('应用了 1 条记录，拒绝了 0 个文件。');
    expect(screen.queryByTestId('team-pass-duplicates')).toBeNull();
  });

  it('lists the bundles refused since the app started, with why and when', async () => {
    const refusals: Refusal[] = [
      { source: 'dev-wang.vdsync', code: 'team.removed_member', at: '2026-10-12T06:30:00Z' },
      { source: 'dev-chen.vdsync', code: 'team.newer_schema', at: '2026-10-12T07:45:00Z' },
    ];
    const { app } = await demo({}, { team: TEAM, refusals });
    renderIn(app, Team, {});
    await screen.findAllByTestId('refusal-row');
    expect(screen.getByTestId('refusal-count').textContent).toBe('2');
    // Newest first.
    const [chen, wang] = rows('refusal-row') as [HTMLElement, HTMLElement];
    expect(text(chen)).toContain('dev-chen.vdsync');
    expect(text(chen)).toContain('这份同步文件来自更新版本的访企拓岗工作台：请先升级本机的软件');
    expect(text(chen)).toMatch(/2026-10-12 \d{2}:45/);
    expect(text(wang)).toContain('dev-wang.vdsync');
    expect(text(wang)).toContain('同步文件来自已被移出团队的设备，已拒绝。');
  });

  it('says when none was refused', async () => {
    const { app } = await demo({}, { team: TEAM });
    renderIn(app, Team, {});
    expect((await screen.findByTestId('refusals-none')).textContent).toBe('没有被拒绝的同步包。');
  });
});

const values = (cell: HTMLElement): string[] => within(cell).getAllByTestId('conflict-value').map(text);
const makers = (cell: HTMLElement): string[] => within(cell).getAllByTestId('conflict-by').map(text);
const keeps = (row: HTMLElement): string[] => within(row).getAllByTestId('conflict-keep').map(text);

describe('direct sync on the network', () => {
  const NEARBY = [{ device_id: 'dev-lin', name: '林校长的笔记本', person_id: LIN, addrs: ['192.168.1.20:51820'] }];

  it('is on by default: lists the devices reachable now, with their person and address, and shows this laptop’s ticket', async () => {
    const { app } = await demo({}, { team: TEAM, reachable: NEARBY });
    renderIn(app, Team, {});
    const section = await screen.findByTestId('team-direct');
    expect(text(section)).toContain('只接受本团队现有成员的设备');
    expect((screen.getByTestId('team-direct-switch') as HTMLInputElement).checked).toBe(true);
    expect(text(await screen.findByTestId('team-direct-state'))).toBe('正在监听');
    const reachable = await screen.findByTestId('reachable-row');
    expect([...reachable.querySelectorAll('td')].map(text)).toEqual(['林校长的笔记本', '林晓岚', '192.168.1.20:51820']);
    expect(screen.getByTestId('team-direct-ticket').textContent).toBe(FAKE_TICKET);
  });

  it('says when no device of the team is found, and how to reach one anyway', async () => {
    const { app } = await demo({}, { team: TEAM });
    renderIn(app, Team, {});
    expect(text(await screen.findByTestId('team-direct-none'))).toContain('可以粘贴对方的连接码');
  });

  it('switched off, stops listening: no ticket, no devices, and says so', async () => {
    const { app, backend } = await demo({}, { team: TEAM, reachable: NEARBY });
    const set = vi.spyOn(backend, 'setDirect');
    renderIn(app, Team, {});
    await screen.findByTestId('team-direct-ticket');
    await fireEvent.click(screen.getByTestId('team-direct-switch'));
    await vi.waitFor(() => expect(set).toHaveBeenCalledWith(false));
    await vi.waitFor(() => expect(text(screen.getByTestId('team-direct-state'))).toContain('本机不在网络上监听'));
    expect(screen.queryByTestId('team-direct-ticket')).toBeNull();
    expect(screen.queryByTestId('reachable-row')).toBeNull();
    expect(app.toasts.items.map((n) => n.text)).toContain('已关闭直接同步，本机不再在网络上监听');
  });

  it('syncs with a pasted ticket, says what it applied, and refuses what is not a ticket at the field', async () => {
    const { app, backend } = await demo({}, { team: TEAM });
    const sync = vi.spyOn(backend, 'syncTicket');
    renderIn(app, Team, {});
    const field = (await screen.findByTestId('team-direct-peer')) as HTMLInputElement;
    await fireEvent.click(screen.getByTestId('team-direct-sync'));
    expect(sync).not.toHaveBeenCalled();
    expect(screen.getByTestId('team-direct-error').textContent).toBe('此项必须填写。');

    await fireEvent.input(field, { target: { value: 'hello' } });
    await fireEvent.click(screen.getByTestId('team-direct-sync'));
    await vi.waitFor(() => expect(screen.getByTestId('team-direct-error').textContent).toContain('这不是访企拓岗工作台的设备连接码'));

    await fireEvent.input(field, { target: { value: '  vdsync1abc  ' } });
    await fireEvent.click(screen.getByTestId('team-direct-sync'));
    await vi.waitFor(() => expect(sync).toHaveBeenLastCalledWith('vdsync1abc'));
    await vi.waitFor(() => expect(app.toasts.items.map((n) => n.text)).toContain('已与对方设备同步，应用了 2 条记录'));
    expect(text(screen.getByTestId('exchange-row'))).toContain('对方设备： 应用了 2 条记录，0 个附件');
    expect(field.value).toBe('');
  });
});

describe('conflicts', () => {
  it('lists each field edited twice with its record, the value shown and the others, linking to the record', async () => {
    const { app } = await demo({}, { team: TEAM, conflicts: CONFLICTS });
    renderIn(app, Team, {});
    await screen.findAllByTestId('conflict-row');
    expect(screen.getByTestId('conflict-count').textContent).toBe('2');
    const [visit, task] = rows('conflict-row') as [HTMLElement, HTMLElement];

    expect(text(visit)).toContain('走访');
    await vi.waitFor(() => expect(within(visit).getByTestId('conflict-title').textContent).toContain('苏州澜海智能装备有限公司'));
    expect(values(within(visit).getByTestId('conflict-shown'))).toEqual(['带上合作协议草案']);
    expect(values(within(visit).getByTestId('conflict-others'))).toEqual(['先谈实习基地']);

    expect(text(task)).toContain('跟进事项');
    expect(values(within(task).getByTestId('conflict-others'))).toEqual(['（空）']);
    expect(within(task).queryByTestId('conflict-open')).toBeNull();

    // Keeping a value settles the conflict: it is sent with the record and field, and the list
    // reloads without it.
    const resolve = vi.spyOn(app.backend, 'resolveConflict');
    await fireEvent.click(within(task).getAllByTestId('conflict-keep')[0]!);
    await vi.waitFor(() => expect(resolve).toHaveBeenCalledWith(CONFLICTS[1]!.record_id, 'title', '寄送协议'));
    await vi.waitFor(() => expect(screen.getByTestId('conflict-count').textContent).toBe('1'));
    await fireEvent.click(within(rows('conflict-row')[0]!).getByTestId('conflict-open'));
    expect(app.router.route).toEqual({ name: 'visit', id: VISIT.id });
  });

  it('says who made each value, beside it and on its Keep button', async () => {
    const { app } = await demo({}, { team: TEAM, conflicts: CONFLICTS });
    renderIn(app, Team, {});
    await screen.findAllByTestId('conflict-row');
    const [visit, task] = rows('conflict-row') as [HTMLElement, HTMLElement];

    expect(makers(within(visit).getByTestId('conflict-shown'))).toEqual(['修改人：周明远']);
    expect(makers(within(visit).getByTestId('conflict-others'))).toEqual(['修改人：林晓岚']);
    expect(keeps(visit)).toEqual(['保留“带上合作协议草案”（周明远）', '保留“先谈实习基地”（林晓岚）']);

    // Someone no longer in the store, or whom the core cannot tell, is unknown.
    expect(makers(within(task).getByTestId('conflict-shown'))).toEqual(['修改人：未知']);
    expect(makers(within(task).getByTestId('conflict-others'))).toEqual(['修改人：未知']);
    expect(keeps(task)).toEqual(['保留“寄送协议”（未知）', '保留“（空）”（未知）']);
  });

  it('says who made each value in English too', async () => {
    setLocale('en');
    const { app } = await demo({}, { team: TEAM, conflicts: CONFLICTS });
    renderIn(app, Team, {});
    await screen.findAllByTestId('conflict-row');
    const [visit, task] = rows('conflict-row') as [HTMLElement, HTMLElement];
    expect(makers(within(visit).getByTestId('conflict-others'))).toEqual(['by 林晓岚']);
    expect(keeps(visit)).toEqual(['Keep “带上合作协议草案” (周明远)', 'Keep “先谈实习基地” (林晓岚)']);
    expect(makers(within(task).getByTestId('conflict-others'))).toEqual(['by unknown']);
  });

  it('says plainly that a record was edited on one laptop while deleted on another, and restores it or keeps it deleted', async () => {
    const deletedAt = '2026-10-12T06:30:00Z';
    const employer = store.employer[0]!;
    const editDelete: Conflict[] = [
      { kind: 'employer', record_id: employer.id, field: 'deleted_at', values: [deletedAt, null], by: [LIN, ZHOU] },
      { kind: 'task', record_id: '00000000-0000-7000-8000-000000000098', field: 'deleted_at', values: [null, deletedAt], by: [ZHOU, GONE] },
    ];
    const { app } = await demo({}, { team: TEAM, conflicts: editDelete });
    const resolve = vi.spyOn(app.backend, 'resolveConflict');
    renderIn(app, Team, {});
    await screen.findAllByTestId('conflict-row');
    const [first, second] = rows('conflict-row') as [HTMLElement, HTMLElement];
    expect(text(within(first).getByTestId('conflict-edit-delete'))).toBe('编辑与删除冲突 — 一台电脑删除了这条记录，另一台同时修改了它');
    expect(text(within(first).getByTestId('conflict-edit-delete-by'))).toBe('林晓岚删除了这条记录，周明远修改了它。');
    // Whoever deleted it, wherever the time of the delete is among the values.
    expect(text(within(second).getByTestId('conflict-edit-delete-by'))).toBe('未知删除了这条记录，周明远修改了它。');
    expect(within(first).queryByTestId('conflict-keep')).toBeNull();
    expect(within(first).queryByTestId('conflict-open')).toBeNull();
    expect(within(first).getByTestId('conflict-restore').textContent?.trim()).toBe('恢复');
    expect(within(first).getByTestId('conflict-keep-deleted').textContent?.trim()).toBe('保持删除');

    await fireEvent.click(within(first).getByTestId('conflict-restore'));
    await vi.waitFor(() => expect(resolve).toHaveBeenCalledWith(employer.id, 'deleted_at', null));
    expect(app.toasts.items.map((n) => n.text)).toContain('已恢复这条记录，同步后其他笔记本也会恢复。');
    await vi.waitFor(() => expect(screen.getByTestId('conflict-count').textContent).toBe('1'));

    // The time of the delete, wherever it is among the values.
    await fireEvent.click(within(second).getByTestId('conflict-keep-deleted'));
    await vi.waitFor(() => expect(resolve).toHaveBeenLastCalledWith(editDelete[1]!.record_id, 'deleted_at', deletedAt));
    await vi.waitFor(() => expect(screen.getByTestId('conflict-count').textContent).toBe('0'));
  });

  it('names a shared job’s conflict by its kind and opens the sharing page', async () => {
    const placed: Conflict[] = [{ kind: 'shared_job', record_id: '00000000-0000-7000-8000-0000000000b1', field: 'placed', values: [2, 3], by: [ZHOU, LIN] }];
    const { app } = await demo({}, { team: TEAM, conflicts: placed });
    renderIn(app, Team, {});
    const row = await screen.findByTestId('conflict-row');
    expect(text(row)).toContain('共享岗位');
    await fireEvent.click(within(row).getByTestId('conflict-open'));
    expect(app.router.route).toEqual({ name: 'sharing' });
  });

  it('says when there are none', async () => {
    const { app } = await demo({}, { team: TEAM });
    renderIn(app, Team, {});
    expect((await screen.findByTestId('conflicts-none')).textContent).toBe('没有同时修改的字段。');
    expect(screen.getByTestId('conflict-count').textContent).toBe('0');
  });
});

describe('in English', () => {
  it('says it in English too', async () => {
    setLocale('en');
    const { app } = await demo();
    renderIn(app, Team, {});
    expect((await screen.findByTestId('team-device-name') as HTMLInputElement).value).toBe('周明远’s laptop');
    expect(screen.getByTestId('team-create').textContent?.trim()).toBe('Create a team');
  });
});
