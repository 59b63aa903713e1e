import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import Toasts from '../../lib/ui/Toasts.svelte';
import { demo, employerNamed, renderIn } from '../../test/harness';
import EmployerDetail from '../employers/EmployerDetail.svelte';
import Trash from './Trash.svelte';

describe('trash', () => {
  it('lists a deleted employer with what went with it, and restores it', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '苏州澜海智能装备有限公司');
    const moved = await backend.deleteRecord('employer', e.id);
    renderIn(app, Trash, {});
    renderIn(app, Toasts, { toasts: app.toasts });

    const [row] = await screen.findAllByTestId('trash-row');
    expect(row?.textContent).toContain('用人单位');
    expect(row?.textContent).toContain('苏州澜海智能装备有限公司');
    expect(row?.textContent).toContain(String(moved));

    await fireEvent.click(screen.getByTestId('trash-restore'));
    expect(await screen.findByText(`已恢复“苏州澜海智能装备有限公司”（共 ${moved} 条记录）`)).toBeTruthy();
    expect(await screen.findByTestId('trash-empty')).toBeTruthy();
    expect((await backend.employerDetail(e.id)).contacts).toHaveLength(2);
  });

  it('moves an employer to the trash with an undo button in the toast', async () => {
    const { app, backend } = await demo();
    const e = await employerNamed(backend, '南京云栖软件股份有限公司');
    const undo = vi.spyOn(backend, 'undo');
    renderIn(app, EmployerDetail, { id: e.id });
    renderIn(app, Toasts, { toasts: app.toasts });

    await fireEvent.click(await screen.findByTestId('employer-delete'));
    expect(await screen.findByText(/已移到回收站/)).toBeTruthy();
    expect(app.router.route).toEqual({ name: 'employers' });
    await expect(backend.employerDetail(e.id)).rejects.toMatchObject({ code: 'not_found' });

    await fireEvent.click(screen.getByRole('button', { name: '撤销' }));
    await vi.waitFor(() => expect(undo).toHaveBeenCalledOnce());
    expect((await backend.employerDetail(e.id)).employer.name).toBe('南京云栖软件股份有限公司');
  });
});
