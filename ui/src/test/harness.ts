/**
 * Test helpers: a demo store on the fake backend, unlocked, and feature components rendered
 * inside the app context (backend, router, toasts, session) the shell would give them.
 */
import { render, type SvelteComponentOptions } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { vi } from 'vitest';
import { AppState, appContext } from '../lib/app.svelte';
import type { Backend, Employer, Stored } from '../lib/backend';
import { FAKE_PASSPHRASE, fakeBackend, type FakeOptions } from '../lib/backend/fake';
import * as fixtures from '../lib/backend/fixtures';
import type { Route } from '../lib/router.svelte';

/**
 * A demo store, unlocked as its first person (the party secretary, an admin) or the person named
 * `as` (e.g. 王珊, an assistant); `options` set up the fake further. The clock reads the demo's
 * "now" (`Date` only; timers run), so upcoming and overdue mean what they meant when the core made
 * the demo store.
 */
export async function demo(
  overrides: Partial<Backend> = {},
  options: FakeOptions = {},
  as?: string,
): Promise<{ backend: Backend; app: AppState }> {
  vi.setSystemTime(fixtures.demo.now);
  const backend = fakeBackend(overrides, { ...options, store: 'demo' });
  const status = await backend.storeStatus();
  const who = as === undefined ? status.people[0] : status.people.find((p) => p.label === as);
  if (!who) throw new Error(`no person ${as ?? ''} in the demo store`);
  const session = await backend.unlock(who.person_id, FAKE_PASSPHRASE);
  return { backend, app: new AppState(backend, session) };
}

/** Renders a feature component as the shell would, with `app` as its context. */
export function renderIn<P extends Record<string, unknown>>(app: AppState, component: Component<P>, props: P, route?: Route) {
  if (route) app.router.replace(route);
  // A generic `P` leaves Svelte's mount-options conditional type unresolved; the call is well-typed at each use.
  const options = { props, context: appContext(app) } as unknown as SvelteComponentOptions<Component<P>>;
  return render(component, options);
}

export const ALL = { industry: null, region: null, key_only: false, origin: null, limit: null, text: null } as const;

export async function employerNamed(backend: Backend, name: string): Promise<Stored<Employer>> {
  const found = (await backend.listEmployers({ ...ALL })).find((e) => e.name === name);
  if (!found) throw new Error(`no employer ${name}`);
  return found;
}
