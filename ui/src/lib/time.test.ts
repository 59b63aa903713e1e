import { describe, expect, it } from 'vitest';
import { addDays, dateIn, formatDateTime, fromLocalInput, toLocalInput } from './time';

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
});
