import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { dashboard } from '../../lib/backend/fixtures';
import { demo, renderIn } from '../../test/harness';
import Dashboard from './Dashboard.svelte';

describe('dashboard', () => {
  it('shows each principal leader against the target and the team’s new employers', async () => {
    const { app } = await demo();
    renderIn(app, Dashboard, {});

    const leaders = await screen.findAllByTestId('dash-leader');
    expect(leaders.map((l) => l.textContent)).toEqual([
      expect.stringContaining('周明远'),
      expect.stringContaining('林晓岚'),
      expect.stringContaining('陈立新'),
    ]);
    // The secretary led or joined visits to two distinct employers; the target is 100.
    expect(within(leaders[0] as HTMLElement).getByRole('progressbar').getAttribute('aria-valuetext')).toBe('2 / 100');
    // A leader who is not a principal carries no target.
    expect(within(leaders[2] as HTMLElement).queryByRole('progressbar')).toBeNull();

    expect(screen.getByTestId('dash-new-employers-figure').textContent?.replace(/\s+/g, ' ')).toBe('2 / 100');
    expect(screen.getByTestId('dash-new-track').textContent).toMatch(/进度(正常|落后)/);
  });

  it('counts job postings, internship bases and recruitment sessions, and lists overdue follow-ups', async () => {
    const { app } = await demo();
    renderIn(app, Dashboard, {});

    expect((await screen.findByTestId('dash-jobs')).textContent).toContain('1岗位（共 12 人）');
    expect(screen.getByTestId('dash-bases').textContent).toContain('1');
    expect(screen.getByTestId('dash-sessions').textContent).toContain('1');
    expect(screen.getByTestId('dash-visits').textContent).toContain('4');
    expect(screen.getByTestId('dash-overdue').textContent).toContain('寄送校企合作协议');
  });

  it('shows job postings and internship bases by stage, and recruitment events by kind with attendance and offers', async () => {
    const base = dashboard.demo;
    // The demo store: one published posting, one signed base, no events yet.
    expect(base.figures.posting_stages).toMatchObject({ published: 1, closed: 0 });
    expect(base.figures.base_stages).toMatchObject({ signed: 1 });
    const figures = {
      ...base.figures,
      posting_stages: { ...base.figures.posting_stages, filled: 2, closed: 1, hired: 9 },
      events: { talks: 3, job_fairs: 1, double_choices: 1, online_talks: 2, attended: 320, offers: 41 },
    };
    const { app } = await demo({ dashboard: async () => ({ ...base, figures }) });
    renderIn(app, Dashboard, {});

    const figure = (card: HTMLElement, stage: string): string | null | undefined =>
      card.querySelector(`[data-stage="${stage}"]`)?.textContent?.replace(/\s+/g, '');
    const postings = await screen.findByTestId('dash-posting-stages');
    expect(figure(postings, 'intended')).toBe('意向0');
    expect(figure(postings, 'published')).toBe('已发布1');
    expect(figure(postings, 'filled')).toBe('已招满2');
    expect(figure(postings, 'closed')).toBe('已关闭1');
    expect(figure(postings, 'hired')).toBe('录用9');
    const bases = screen.getByTestId('dash-base-stages');
    expect(['intended', 'signed', 'unveiled', 'expired'].map((s) => figure(bases, s))).toEqual(['意向0', '已签约1', '已挂牌0', '已到期0']);
    const events = screen.getByTestId('dash-events');
    expect(['talk', 'job_fair', 'double_choice', 'online_talk', 'attended', 'offers'].map((s) => figure(events, s))).toEqual([
      '宣讲会3',
      '专场招聘会1',
      '双选会1',
      '空中宣讲2',
      '参加学生320',
      '录用41',
    ]);
  });

  it('says how many of the completed visits wait for their leader’s confirmation', async () => {
    const base = dashboard.demo;
    expect(base.figures.visits_awaiting).toBe(0);
    const { app } = await demo({ dashboard: async () => ({ ...base, figures: { ...base.figures, visits_awaiting: 2 } }) });
    renderIn(app, Dashboard, {});
    expect((await screen.findByTestId('dash-visits-awaiting')).textContent).toBe('其中待确认 2');
    expect(screen.getByTestId('dash-visits').textContent).toContain(String(base.figures.visits_completed));
  });

  it('says nothing of confirmations when none waits', async () => {
    const { app } = await demo();
    renderIn(app, Dashboard, {});
    await screen.findByTestId('dash-visits');
    expect(screen.queryByTestId('dash-visits-awaiting')).toBeNull();
  });

  it('lists the first twenty overdue follow-ups and leads to all of them', async () => {
    // The core lists twenty and counts them all.
    const many = dashboard.many_overdue;
    const total = many.figures.overdue_tasks;
    expect(many.overdue).toHaveLength(20);
    const { app } = await demo({ dashboard: async () => many });
    renderIn(app, Dashboard, {});

    const list = await screen.findByTestId('dash-overdue');
    expect(within(list).getAllByRole('button')).toHaveLength(20);
    expect(screen.getByTestId('dash-overdue-count').textContent).toBe(String(total));
    const more = screen.getByTestId('dash-overdue-more');
    expect(more.textContent).toContain(`另有 ${total - 20} 项`);
    await fireEvent.click(more);
    expect(app.router.route).toEqual({ name: 'tasks' });
  });
});
