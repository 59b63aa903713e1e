/**
 * Dates and times as the UI shows and edits them. The store keeps instants in UTC
 * (RFC 3339) and the zone they were planned in; forms edit wall-clock time in that zone.
 */

const pad = (n: number): string => String(n).padStart(2, '0');

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of `instant` in `timeZone` (the UTC clock if the zone is unknown). */
function wallClock(instant: Date, timeZone: string): WallClock {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter(timeZone).formatToParts(instant);
  } catch {
    parts = formatter('UTC').formatToParts(instant);
  }
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute') };
}

/** `YYYY-MM-DD` of `instant` in `timeZone`. */
export function dateIn(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** An RFC 3339 instant as `YYYY-MM-DDTHH:mm` in `timeZone`, for `<input type="datetime-local">`. */
export function toLocalInput(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const w = wallClock(d, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** `YYYY-MM-DDTHH:mm` in `timeZone` as an RFC 3339 UTC instant; null if it is not a time. */
export function fromLocalInput(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // The zone's offset at that moment; a second pass settles times next to an offset change.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(guess), timeZone);
    const shown = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
    guess = asUtc - (shown - guess);
  }
  return new Date(guess).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An instant as `YYYY-MM-DD HH:mm` in `timeZone`. */
export function formatDateTime(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  return toLocalInput(iso, timeZone).replace('T', ' ');
}

/** `HH:mm` of an instant in `timeZone`. */
export function formatTime(iso: string, timeZone: string): string {
  return toLocalInput(iso, timeZone).slice(11);
}

/** `YYYY-MM-DD` plus `days`. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** The week of `date` (`YYYY-MM-DD`), Monday to Sunday, both included. */
export function weekOf(date: string): { from: string; to: string } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // getUTCDay: 0 is Sunday; days back to Monday.
  const back = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  const from = addDays(date, -back);
  return { from, to: addDays(from, 6) };
}

/** The calendar month of `date` (`YYYY-MM-DD`), its first day to its last, both included. */
export function monthOf(date: string): { from: string; to: string } {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(last)}` };
}

/** An instant plus `hours`, as RFC 3339 UTC. */
export function addHours(iso: string, hours: number): string {
  return new Date(new Date(iso).getTime() + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The instant now, RFC 3339 UTC, whole seconds. */
export function nowIso(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** This computer's time zone (for "today" where no campaign zone is at hand). */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Shanghai';
}
