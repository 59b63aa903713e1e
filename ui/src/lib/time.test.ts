import { describe, expect, it } from 'vitest';
import { addDays, dateIn, formatDateTime, fromLocalInput, monthOf, toLocalInput, weekOf } from './time';

describe('time', () => {
  it('converts wall-clock time in a zone to UTC and back', () => {
    expect(fromLocalInput('2022-03-15T09:30', 'Asia/Shanghai')).toBe('2022-03-15T01:30:00Z');
    expect(toLocalInput('2022-03-15T01:30:00Z', 'Asia/Shanghai')).toBe('2022-03-15T09:30');
    expect(fromLocalInput('2022-07-01T09:00', 'America/New_York')).toBe('2022-07-01T13:00:00Z');
    expect(fromLocalInput('2022-01-01T09:00', 'America/New_York')).toBe('2022-01-01T14:00:00Z');
    expect(fromLocalInput('', 'Asia/Shanghai')).toBeNull();
  });

  it('formats and counts days', () => {
    expect(formatDateTime('2022-03-14T16:30:00Z', 'Asia/Shanghai')).toBe('2022-03-15 00:30');
    expect(dateIn(new Date('2022-03-14T16:30:00Z'), 'Asia/Shanghai')).toBe('2022-03-15');
    expect(addDays('2022-02-28', 1)).toBe('2022-03-01');
    expect(addDays('2022-03-01', -1)).toBe('2022-02-28');
  });

  it('finds the week (Monday to Sunday) and the month of a day', () => {
    // Wednesday, Monday and Sunday of one week; a week across a month and a year's end.
    expect(weekOf('2026-11-18')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(weekOf('2026-11-16')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(weekOf('2026-11-22')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(weekOf('2027-01-01')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(monthOf('2026-11-18')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(monthOf('2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthOf('2026-12-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});
