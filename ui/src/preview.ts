/**
 * DEV PREVIEW ONLY (see main.ts): the app on the in-memory fake backend, for looking at it in a
 * browser. Query parameters, for screenshots:
 * - `?store=none`: the first-run screen; default: the demo store, locked (passphrase "correct horse",
 *   recovery key "VD7Q-4M2K-X9PA-61TB-ZC3R-8HWN-5EJF-0KTD", `FAKE_RECOVERY_KEY`);
 * - `?page=dashboard|employers|employer|employer-edit|visits|visit|visit-new|tasks|team|sharing|trash|settings`:
 *   open the app already unlocked, on that page;
 * - `?lang=en`: English.
 */
import { mount } from 'svelte';
import App from './App.svelte';
import Shell from './features/shell/Shell.svelte';
import { setLocale } from './i18n/index.svelte';
import { FAKE_PASSPHRASE, fakeBackend } from './lib/backend/fake';
import type { Route } from './lib/router.svelte';

export async function startPreview(target: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  if (params.get('lang') === 'en') setLocale('en');
  const backend = fakeBackend({}, { store: params.get('store') === 'none' ? 'none' : 'demo' });
  const page = params.get('page');
  if (!page) {
    mount(App, { target, props: { backend } });
    return;
  }
  const status = await backend.storeStatus();
  const session = await backend.unlock(status.people[0]?.person_id ?? '', FAKE_PASSPHRASE);
  const employers = await backend.listEmployers({ industry: null, region: null, key_only: false, origin: null, limit: null, text: null });
  const visits = await backend.visitsBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
  const doneVisit = visits.find((v) => v.visit.status === 'completed') ?? visits[0];
  const routes: Record<string, Route> = {
    employer: { name: 'employer', id: doneVisit?.visit.employer_id ?? employers[0]?.id ?? '' },
    'employer-edit': { name: 'employer-edit', id: null },
    visit: { name: 'visit', id: doneVisit?.visit.id ?? null },
    'visit-new': { name: 'visit', id: null },
  };
  const start: Route = routes[page] ?? ({ name: page } as Route);
  mount(Shell, {
    target,
    props: { backend, session, start, onlock: () => (location.search = '') },
  });
}
