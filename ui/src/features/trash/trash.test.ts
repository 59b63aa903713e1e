import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import Toasts from '../../lib/ui/Toasts.svelte';
import { trash } from '../../lib/backend/fixtures';
import { demo, employerNamed, renderIn } from '../../test/harness';
import EmployerDetail from '../employers/EmployerDetail.svelte';
import Trash from './Trash.svelte';

describe('trash', () => {
  it('lists a deleted employer with what went with it, and restores it', async () => {
    // The core's trash after deleting 苏州澜海 with its contacts, visits and the rest, and its restore.
    const entries = vi.fn().mockResolvedValueOnce(trash.entries).mockResolvedValue([]);
    const restore = vi.fn(async () => trash.restored);
    const { app } = await demo({ trash: entries, restore });
    renderIn(app, Trash, {});
    renderIn(app, Toasts, { toasts: app.toasts });

    const [row] = await screen.findAllByTestId('trash-row');
    expect(trash.moved).toBeGreaterThan(1);
    expect(trash.entries[0]?.records).toBe(trash.moved);
    expect(row?.textContent).toContain('用人单位');
    expect(row?.textContent).toContain('苏州澜海智能装备有限公司');
    expect(row?.textContent).toContain(String(trash.moved));

    await fireEvent.click(screen.getByTestId('trash-restore'));
    expect(restore).toHaveBeenCalledWith('employer', trash.deleted);
    expect(await screen.findByText(`已恢复“苏州澜海智能装备有限公司”（共 ${trash.restored} 条记录）`)).toBeTruthy();
    expect(await screen.findByTestId('trash-empty')).toBeTruthy();
  });

  it('moves an employer to the trash with an undo button in the toast', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '南京云栖软件股份有限公司');
    const remove = vi.spyOn(backend, 'deleteRecord').mockResolvedValue(trash.moved);
    const undo = vi.spyOn(backend, 'undo').mockResolvedValue(trash.moved);
    renderIn(app, EmployerDetail, { id: e.id });
    renderIn(app, Toasts, { toasts: app.toasts });

    await fireEvent.click(await screen.findByTestId('employer-delete'));
    expect(remove).toHaveBeenCalledWith('employer', e.id);
    expect(await screen.findByText(`已移到回收站（共 ${trash.moved} 条记录）`)).toBeTruthy();
    expect(app.router.route).toEqual({ name: 'employers' });

    await fireEvent.click(screen.getByRole('button', { name: '撤销' }));
    await vi.waitFor(() => expect(undo).toHaveBeenCalledOnce());
  });
});
