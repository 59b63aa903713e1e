import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleTimer } from './idle';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const MINUTE = 60_000;

describe('idle timer', () => {
  it('fires once after the delay without activity', () => {
    const onIdle = vi.fn();
    createIdleTimer(5 * MINUTE, onIdle);
    vi.advanceTimersByTime(5 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('counts from the last activity', () => {
    const onIdle = vi.fn();
    const timer = createIdleTimer(5 * MINUTE, onIdle);
    vi.advanceTimersByTime(4 * MINUTE);
    timer.poke();
    vi.advanceTimersByTime(4 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('never fires when stopped or turned off', () => {
    const onIdle = vi.fn();
    const stopped = createIdleTimer(MINUTE, onIdle);
    stopped.stop();
    const off = createIdleTimer(0, onIdle);
    const none = createIdleTimer(null, onIdle);
    vi.advanceTimersByTime(10 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();
    off.stop();
    none.stop();
  });

  it('restarts the countdown with a new delay', () => {
    const onIdle = vi.fn();
    const timer = createIdleTimer(null, onIdle);
    vi.advanceTimersByTime(30 * MINUTE);
    timer.setDelay(2 * MINUTE);
    vi.advanceTimersByTime(2 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });
});
