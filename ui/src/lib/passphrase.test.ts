import { describe, expect, it } from 'vitest';
import { passphraseStrength } from './passphrase';

describe('passphrase strength', () => {
  it('grades by length and variety', () => {
    expect(passphraseStrength('')).toBe('empty');
    expect(passphraseStrength('abc')).toBe('short');
    expect(passphraseStrength('aaaaaaaa')).toBe('weak');
    expect(passphraseStrength('abcdefgh')).toBe('weak');
    expect(passphraseStrength('Abcdef12')).toBe('fair');
    expect(passphraseStrength('春天 的 校园 走访 2024!')).toBe('strong');
    expect(passphraseStrength('correct horse battery staple')).toBe('strong');
  });
});
