import type { AutoLock } from './backend';

/**
 * Why the app went back to the unlock screen: the lock button or Ctrl+L (`manual`), the shell's
 * auto-lock (`idle`, `suspend`), a call that found the store locked (`external`), or a restore.
 */
export type LockReason = 'manual' | AutoLock | 'external' | 'restored';
