import type { Backend } from './index';

/** An in-memory backend for tests; pass `overrides` to change what a method answers. */
export function fakeBackend(overrides: Partial<Backend> = {}): Backend {
  return {
    appVersion: () => Promise.resolve('0.0.0-test'),
    ...overrides,
  };
}
