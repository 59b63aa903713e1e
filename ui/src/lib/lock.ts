import type { AutoLock } from './backend';

/**
 * Why the app went back to the unlock screen: the lock button or Ctrl+L (`manual`), the shell's
 * auto-lock (`idle`, `suspend`), a call that found the store locked (`external`), a restore, or
 * 退出示例 (`leave_demo`). Any of them leaves the demo store for the real one.
 */
export type LockReason = 'manual' | AutoLock | 'external' | 'restored' | 'leave_demo';
