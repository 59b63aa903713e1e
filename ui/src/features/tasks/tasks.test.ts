import { fireEvent, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { dateIn, localZone } from '../../lib/time';
import { errors } from '../../lib/backend/fixtures';
import { demo, renderIn } from '../../test/harness';
import Tasks from './Tasks.svelte';

describe('follow-ups', () => {
  it('lists open tasks by due date with their owner, marking the overdue one', async () => {
    const { app } = await demo();
    renderIn(app, Tasks, {});
    await vi.waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(2));
    const [first, second] = screen.getAllByTestId('task-row');
    expect(first?.textContent).toContain('寄送校企合作协议');
    expect(first?.textContent).toContain('王珊');
    expect(first?.textContent).toContain('已逾期');
    expect(second?.textContent).not.toContain('已逾期');
  });

  it('marks a task done today', async () => {
    const { app, backend } = await demo();
    const save = vi.spyOn(backend, 'saveTask');
    renderIn(app, Tasks, {});
    const [done] = await screen.findAllByTestId('task-done');
    await fireEvent.click(done as HTMLElement);
    await vi.waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(1));
    expect(save.mock.calls[0]?.[1]).toMatchObject({ title: '寄送校企合作协议（盖章版）', done_on: dateIn(new Date(), localZone()) });

    await fireEvent.click(screen.getByTestId('tasks-show-done'));
    await vi.waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(2));
  });

  it('adds a task, owned by the current person unless chosen otherwise', async () => {
    const { app, backend } = await demo();
    const save = vi.spyOn(backend, 'saveTask').mockRejectedValueOnce(errors.task_title_missing.error);
    renderIn(app, Tasks, {});
    await fireEvent.click(await screen.findByTestId('task-add'));
    await fireEvent.click(screen.getByTestId('task-save'));
    expect((await screen.findByTestId('error-task.title')).textContent).toBe('此项必须填写。');
    expect(save.mock.calls[0]?.[1]).toMatchObject({ title: errors.task_title_missing.input.title });

    await fireEvent.input(screen.getByTestId('task-title'), { target: { value: '回访招聘会效果' } });
    await fireEvent.input(screen.getByTestId('task-due'), { target: { value: '2026-12-20' } });
    await fireEvent.click(screen.getByTestId('task-save'));
    await vi.waitFor(() => expect(screen.getAllByTestId('task-row')).toHaveLength(3));
    expect(save.mock.calls[1]?.[1]).toMatchObject({ title: '回访招聘会效果', due_on: '2026-12-20', owner_id: app.session.person.id, done_on: null });
  });
});
