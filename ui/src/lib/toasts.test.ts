import { render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTION_MS, ERROR_MS, MAX_SHOWN, ROUTINE_MS, Toasts } from './toasts.svelte';
import ToastList from './ui/Toasts.svelte';

const texts = (toasts: Toasts): string[] => toasts.items.map((t) => t.text);

describe('toasts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('show one routine confirmation at a time, each taking the place of the one before, briefly', () => {
    const toasts = new Toasts();
    toasts.show('已保存');
    toasts.show('已保存');
    toasts.show('已记录走访结果');
    expect(texts(toasts)).toEqual(['已记录走访结果']);
    vi.advanceTimersByTime(ROUTINE_MS - 1);
    expect(texts(toasts)).toEqual(['已记录走访结果']);
    vi.advanceTimersByTime(1);
    expect(toasts.items).toEqual([]);
    expect(ROUTINE_MS).toBeLessThanOrEqual(2_500);
  });

  it('keep errors, undoable changes and notices apart: they stack, and stay as long as before', () => {
    const toasts = new Toasts();
    const undo = { label: '撤销', run: () => {} };
    toasts.show('已移入回收站', 'info', undo);
    toasts.show('保存失败', 'error');
    toasts.show('你的口令已由周明远重新设置', 'notice');
    toasts.show('已保存');
    toasts.show('已保存');
    expect(texts(toasts)).toEqual(['已移入回收站', '保存失败', '你的口令已由周明远重新设置', '已保存']);

    // The routine one goes first, then the undoable one; the error and the notice stay longest.
    vi.advanceTimersByTime(ROUTINE_MS);
    expect(texts(toasts)).toEqual(['已移入回收站', '保存失败', '你的口令已由周明远重新设置']);
    vi.advanceTimersByTime(ACTION_MS - ROUTINE_MS);
    expect(texts(toasts)).toEqual(['保存失败', '你的口令已由周明远重新设置']);
    vi.advanceTimersByTime(ERROR_MS - ACTION_MS);
    expect(toasts.items).toEqual([]);
  });

  it('show at most a few, the oldest going first', () => {
    const toasts = new Toasts();
    for (let i = 1; i <= MAX_SHOWN + 2; i++) toasts.show(`错误 ${i}`, 'error');
    expect(texts(toasts)).toEqual(Array.from({ length: MAX_SHOWN }, (_, i) => `错误 ${i + 3}`));
  });

  it('do not pile up on the page: one routine note among the others', () => {
    const toasts = new Toasts();
    render(ToastList, { props: { toasts } });
    toasts.show('已保存');
    toasts.show('已移入回收站', 'info', { label: '撤销', run: () => {} });
    toasts.show('已保存');
    toasts.show('已保存');
    flushSync();
    const shown = screen.getAllByTestId('toast');
    expect(shown.map((t) => t.querySelector('.text')?.textContent)).toEqual(['已移入回收站', '已保存']);
    expect(shown.every((t) => t.getAttribute('role') === 'status')).toBe(true);
    vi.advanceTimersByTime(ROUTINE_MS);
    flushSync();
    expect(screen.getAllByTestId('toast')).toHaveLength(1);
  });
});
