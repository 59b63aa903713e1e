import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Attached, Backend, Target } from '../../lib/backend';
import { demo as demoStore } from '../../lib/backend/fixtures';
import { FAKE_THUMB, fileDrop } from '../../lib/backend/fake';
import Toasts from '../../lib/ui/Toasts.svelte';
import { demo, renderIn } from '../../test/harness';
import EmployerDetail from '../employers/EmployerDetail.svelte';
import AttachmentSettings from '../settings/AttachmentSettings.svelte';
import VisitEditor from '../visits/VisitEditor.svelte';
import AttachmentsCard from './AttachmentsCard.svelte';

/** The demo's completed visit to 苏州澜海智能装备有限公司, led by 周明远 (an admin), with a posting from it. */
const VISIT = demoStore.visit[0]!;
const ON_VISIT: Target = { kind: 'visit', id: VISIT.id };
const MB = 1024 * 1024;

const toasts = (): string[] => screen.queryAllByTestId('toast').map((t) => t.textContent ?? '');
const item = (name: string): HTMLElement => {
  const found = screen.getAllByTestId('attachment-item').find((li) => within(li).getByTestId('attachment-name').textContent === name);
  if (!found) throw new Error(`no attachment ${name}`);
  return found;
};
const button = (el: HTMLElement, testid: string): HTMLButtonElement => within(el).getByTestId(testid) as HTMLButtonElement;

/** Attaches the fake dialog's files to `to` before the card is shown. */
async function attached(backend: Backend, to: Target = ON_VISIT): Promise<Attached> {
  const done = await backend.pickAttachments(to);
  if (!done) throw new Error('the dialog was cancelled');
  return done;
}

describe('attachments of a record', () => {
  it('adds the picked files, saying it is busy meanwhile: photos as thumbnails, then the other files', async () => {
    const { app, backend } = await demo();
    const pick = vi.spyOn(backend, 'pickAttachments');
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const really = backend.pickAttachments;
    pick.mockImplementationOnce(async (to) => {
      await gate;
      return really(to);
    });
    renderIn(app, AttachmentsCard, { target: ON_VISIT, layout: 'strip' });
    renderIn(app, Toasts, { toasts: app.toasts });
    expect(await screen.findByTestId('attachments-none')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('attachments-add'));
    expect(pick).toHaveBeenCalledWith(ON_VISIT);
    expect(screen.getByTestId('attachments-busy').textContent).toBe('正在加密保存…');
    expect((screen.getByTestId('attachments-add') as HTMLButtonElement).disabled).toBe(true);
    release();

    await vi.waitFor(() => expect(screen.getAllByTestId('attachment-item')).toHaveLength(2));
    expect(screen.queryByTestId('attachments-busy')).toBeNull();
    const photo = within(screen.getByTestId('attachments-photos')).getByTestId('attachment-item');
    expect(within(photo).getByTestId('attachment-thumb').getAttribute('src')).toBe(FAKE_THUMB);
    expect(within(photo).getByTestId('attachment-name').textContent).toBe('座谈会合影.jpg');
    const file = within(screen.getByTestId('attachments-files')).getByTestId('attachment-item');
    expect(within(file).getByTestId('attachment-type').textContent).toBe('PDF');
    expect(file.textContent).toContain('合作协议.pdf');
    expect(file.textContent).toContain('1.4 MB');
    expect(toasts()).toEqual([expect.stringContaining('已添加 2 个附件')]);
  });

  it('names each refused file with why, and warns past the quota', async () => {
    const pickFiles = [
      { name: '现场.jpg', size: 150 * MB },
      { name: '名单.zip' },
      { name: '讲话.mp4' },
      { name: '全景.png', refused: 'attachment.too_large' as const },
    ];
    const { app, backend } = await demo({}, { pickFiles });
    await backend.saveAttachmentSettings({ limit_mb: 1024, quota_mb: 100, keep_metadata: false });
    renderIn(app, AttachmentsCard, { target: ON_VISIT });
    renderIn(app, Toasts, { toasts: app.toasts });

    await fireEvent.click(await screen.findByTestId('attachments-add'));
    await vi.waitFor(() => expect(screen.getAllByTestId('attachment-item')).toHaveLength(1));
    expect(toasts()).toEqual([
      expect.stringContaining('已添加 1 个附件'),
      expect.stringContaining('未添加 名单.zip、讲话.mp4：只能添加照片（JPEG、PNG、HEIC）、PDF、Word（DOCX）和 Excel（XLSX）文件。'),
      expect.stringContaining('未添加 全景.png：文件超过单个附件大小上限（可在设置→附件中调整）。'),
      expect.stringContaining('附件已共占用 150 MB，超过了总量上限'),
    ]);
  });

  it('saves a caption, and whether a photo is printed on the visit sheet', async () => {
    const { app, backend } = await demo();
    const [photo, pdf] = (await attached(backend)).added;
    const edit = vi.spyOn(backend, 'editAttachment');
    renderIn(app, AttachmentsCard, { target: ON_VISIT });
    renderIn(app, Toasts, { toasts: app.toasts });

    await vi.waitFor(() => expect(screen.getAllByTestId('attachment-item')).toHaveLength(2));
    // Only a photo is printed.
    expect(within(item('合作协议.pdf')).queryByTestId('attachment-in-documents')).toBeNull();
    await fireEvent.click(button(item('座谈会合影.jpg'), 'attachment-edit'));
    await fireEvent.input(screen.getByTestId('attachment-caption'), { target: { value: '与企业负责人座谈' } });
    await fireEvent.click(screen.getByTestId('attachment-save'));
    await vi.waitFor(() => expect(within(item('座谈会合影.jpg')).getByTestId('attachment-caption-text').textContent).toBe('与企业负责人座谈'));
    expect(edit).toHaveBeenLastCalledWith(photo!.id, { caption: '与企业负责人座谈', in_documents: false });
    expect(screen.queryByTestId('attachment-form')).toBeNull();

    const printed = within(item('座谈会合影.jpg')).getByTestId('attachment-in-documents') as HTMLInputElement;
    expect(printed.checked).toBe(false);
    await fireEvent.click(printed);
    await vi.waitFor(() => expect(edit).toHaveBeenLastCalledWith(photo!.id, { caption: '与企业负责人座谈', in_documents: true }));
    const listed = await backend.listAttachments(ON_VISIT);
    expect(listed.find((l) => l.attachment.id === photo!.id)?.attachment).toMatchObject({ caption: '与企业负责人座谈', in_documents: true });
    expect(listed.find((l) => l.attachment.id === pdf!.id)?.attachment.in_documents).toBe(false);
    await vi.waitFor(() => expect(toasts()).toContainEqual(expect.stringContaining('“座谈会合影.jpg”将打印到走访单和简报')));
    expect((within(item('座谈会合影.jpg')).getByTestId('attachment-in-documents') as HTMLInputElement).checked).toBe(true);
  });

  it('moves an attachment to the trash, with an undo in the toast', async () => {
    const { app, backend } = await demo();
    const [photo] = (await attached(backend)).added;
    const remove = vi.spyOn(backend, 'deleteRecord');
    renderIn(app, AttachmentsCard, { target: ON_VISIT }, { name: 'visit', id: VISIT.id });
    renderIn(app, Toasts, { toasts: app.toasts });

    await vi.waitFor(() => expect(screen.getAllByTestId('attachment-item')).toHaveLength(2));
    await fireEvent.click(button(item('座谈会合影.jpg'), 'attachment-trash'));
    expect(remove).toHaveBeenCalledWith('attachment', photo!.id);
    await vi.waitFor(() => expect(screen.getAllByTestId('attachment-item')).toHaveLength(1));
    await fireEvent.click(await screen.findByRole('button', { name: '撤销' }));
    await vi.waitFor(() => expect(screen.getAllByTestId('attachment-item')).toHaveLength(2));
    expect(item('座谈会合影.jpg')).toBeTruthy();
  });

  it('opens and saves out what is here, and not what has not arrived yet', async () => {
    const { app, backend } = await demo({}, { pickFiles: [{ name: '车间.jpg', here: false }, { name: '协议.docx' }] });
    const [absent, here] = (await attached(backend)).added;
    const open = vi.spyOn(backend, 'openAttachment');
    renderIn(app, AttachmentsCard, { target: ON_VISIT });
    renderIn(app, Toasts, { toasts: app.toasts });

    await vi.waitFor(() => expect(screen.getAllByTestId('attachment-item')).toHaveLength(2));
    const waiting = item('车间.jpg');
    expect(within(waiting).getByTestId('attachment-not-here').textContent).toBe('内容尚未同步到本机');
    expect(button(waiting, 'attachment-open').disabled).toBe(true);
    expect(button(waiting, 'attachment-save-as').disabled).toBe(true);
    expect(within(item('协议.docx')).queryByTestId('attachment-not-here')).toBeNull();
    expect(within(item('协议.docx')).getByTestId('attachment-type').textContent).toBe('Word');

    await fireEvent.click(button(item('协议.docx'), 'attachment-open'));
    expect(open).toHaveBeenCalledWith(here!.id);
    expect(open).not.toHaveBeenCalledWith(absent!.id);
    await fireEvent.click(button(item('协议.docx'), 'attachment-save-as'));
    await vi.waitFor(() => expect(toasts()).toContainEqual(expect.stringContaining('已另存到 /tmp/协议.docx')));
  });

  it('takes the files dropped on the window on the card that takes drops, showing where they go', async () => {
    const { app, backend } = await demo();
    const dropped = vi.spyOn(backend, 'attachDropped');
    const [posting] = demoStore.job_posting;
    const view = renderIn(app, AttachmentsCard, { target: ON_VISIT, drops: true });
    renderIn(app, AttachmentsCard, { target: { kind: 'job_posting', id: posting!.id }, inset: true });
    await vi.waitFor(() => expect(screen.getAllByTestId('attachments-none')).toHaveLength(2));

    fileDrop(backend, 'over');
    expect(await screen.findByTestId('attachments-drop')).toBeTruthy();
    expect(within(screen.getByTestId('attachments-inset')).queryByTestId('attachments-drop')).toBeNull();
    fileDrop(backend, 'leave');
    await vi.waitFor(() => expect(screen.queryByTestId('attachments-drop')).toBeNull());

    fileDrop(backend, 'over');
    fileDrop(backend, 'drop');
    await vi.waitFor(() => expect(dropped).toHaveBeenCalledOnce());
    expect(dropped).toHaveBeenCalledWith(ON_VISIT);
    await vi.waitFor(() => expect(within(screen.getByTestId('attachments')).getAllByTestId('attachment-item')).toHaveLength(1));
    expect(screen.queryByTestId('attachments-drop')).toBeNull();
    expect(item('参观车间.png')).toBeTruthy();

    // Gone from the page, it takes no more.
    view.unmount();
    fileDrop(backend, 'drop');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(dropped).toHaveBeenCalledOnce();
  });

  it('lists an employer’s attachments with the record each sits on, and those added to a posting from its row', async () => {
    const { app, backend } = await demo();
    const [posting] = demoStore.job_posting;
    await backend.pickAttachments({ kind: 'employer', id: VISIT.employer_id });
    await backend.attachDropped(ON_VISIT);
    renderIn(app, EmployerDetail, { id: VISIT.employer_id }, { name: 'employer', id: VISIT.employer_id });

    const gallery = await screen.findByTestId('attachments');
    expect(gallery.getAttribute('data-layout')).toBe('gallery');
    await vi.waitFor(() => expect(within(gallery).getAllByTestId('attachment-item')).toHaveLength(3));
    const place = (name: string): string => within(item(name)).getByTestId('attachment-place').textContent ?? '';
    expect(place('参观车间.png')).toBe('走访 · 2026-10-19');
    expect(place('座谈会合影.jpg')).toBe('本单位');

    const row = screen.getAllByTestId('posting-row').find((r) => r.getAttribute('data-id') === posting!.id)!;
    await fireEvent.click(within(row).getByTestId('posting-attachments'));
    const inset = await screen.findByTestId('attachments-inset');
    await fireEvent.click(within(inset).getByTestId('attachments-add'));
    await vi.waitFor(() => expect(within(inset).getAllByTestId('attachment-item')).toHaveLength(2));
    await vi.waitFor(() => expect(within(gallery).getAllByTestId('attachment-item')).toHaveLength(5));
    expect(within(gallery).getAllByTestId('attachment-place').map((p) => p.textContent)).toContain(`岗位 · ${posting!.title}`);
  });

  it('shows a visit’s attachments on its page, which only those who may work for its leader change', async () => {
    const { app, backend } = await demo({}, {}, '王珊');
    await attached(backend);
    renderIn(app, VisitEditor, { id: VISIT.id });

    const strip = await screen.findByTestId('attachments');
    expect(strip.getAttribute('data-layout')).toBe('strip');
    await vi.waitFor(() => expect(within(strip).getAllByTestId('attachment-item')).toHaveLength(2));
    expect((within(strip).getByTestId('attachments-add') as HTMLButtonElement).disabled).toBe(true);
    expect(button(item('座谈会合影.jpg'), 'attachment-trash').disabled).toBe(true);
    expect((within(item('座谈会合影.jpg')).getByTestId('attachment-in-documents') as HTMLInputElement).disabled).toBe(true);
    // Opening needs no right.
    expect(button(item('座谈会合影.jpg'), 'attachment-open').disabled).toBe(false);
  });
});

describe('attachment settings', () => {
  it('saves the limits and the EXIF choice', async () => {
    const { app, backend } = await demo();
    const save = vi.spyOn(backend, 'saveAttachmentSettings');
    renderIn(app, AttachmentSettings, {});

    const limit = (await screen.findByTestId('attachments-limit')) as HTMLInputElement;
    expect(limit.value).toBe('50');
    expect((screen.getByTestId('attachments-quota') as HTMLInputElement).value).toBe('2048');
    expect((screen.getByTestId('attachments-keep-metadata') as HTMLInputElement).checked).toBe(false);
    await fireEvent.input(limit, { target: { value: '200' } });
    await fireEvent.input(screen.getByTestId('attachments-quota'), { target: { value: '4096' } });
    await fireEvent.click(screen.getByTestId('attachments-keep-metadata'));
    await fireEvent.click(screen.getByTestId('attachments-settings-save'));
    await vi.waitFor(() => expect(save).toHaveBeenCalledWith({ limit_mb: 200, quota_mb: 4096, keep_metadata: true }));
    expect(await backend.attachmentSettings()).toEqual({ limit_mb: 200, quota_mb: 4096, keep_metadata: true });
  });

  it('says the core’s refusal at its field, and an empty number before sending', async () => {
    const refusal = { code: 'validation.out_of_range' as const, message: 'out of range', field: 'settings.attachment_quota_mb' };
    const { app } = await demo({ saveAttachmentSettings: () => Promise.reject(refusal) });
    renderIn(app, AttachmentSettings, {});
    await fireEvent.input(await screen.findByTestId('attachments-quota'), { target: { value: '10' } });
    await fireEvent.click(screen.getByTestId('attachments-settings-save'));
    expect((await screen.findByTestId('error-settings.attachment_quota_mb')).textContent).not.toBe('');

    await fireEvent.input(screen.getByTestId('attachments-limit'), { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('attachments-settings-save'));
    expect((await screen.findByTestId('error-settings.attachment_limit_mb')).textContent).toBe('此项必须填写。');
  });

  it('is an admin’s to change', async () => {
    const { app } = await demo({}, {}, '王珊');
    renderIn(app, AttachmentSettings, {});
    expect((await screen.findByTestId('attachments-limit')).matches(':disabled')).toBe(true);
    expect(screen.getByTestId('attachments-keep-metadata').matches(':disabled')).toBe(true);
    expect((screen.getByTestId('attachments-settings-save') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('attachments-settings-needs').textContent).toContain('需要权限');
    expect((screen.getByTestId('attachments-check') as HTMLButtonElement).disabled).toBe(false);
  });

  it('lists the attachments that cannot be read, with why, or says all are sound', async () => {
    const { app, backend } = await demo({}, { pickFiles: [{ name: '车间.jpg', here: false }, { name: '协议.docx' }] });
    await attached(backend);
    const check = vi.spyOn(backend, 'checkAttachments');
    renderIn(app, AttachmentSettings, {});

    await fireEvent.click(await screen.findByTestId('attachments-check'));
    const items = await screen.findAllByTestId('attachments-unreadable-item');
    expect(items.map((i) => i.textContent)).toEqual(['车间.jpg：附件内容尚未同步到本机，会随团队的下一次同步到达。']);
    expect(screen.getByTestId('attachments-unreadable').textContent).toContain('1 个附件无法读取');

    check.mockResolvedValueOnce([]);
    await fireEvent.click(screen.getByTestId('attachments-check'));
    expect((await screen.findByTestId('attachments-all-good')).textContent).toBe('全部附件完好。');
    expect(screen.queryByTestId('attachments-unreadable')).toBeNull();
  });
});
