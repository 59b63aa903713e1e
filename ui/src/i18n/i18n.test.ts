import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../lib/backend';
import { en } from './en';
import { setLocale, t } from './index.svelte';
import { zhCN, type Messages } from './zh-CN';

const DICTIONARIES: Record<string, Messages> = { 'zh-CN': zhCN, en };

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

afterEach(() => setLocale('zh-CN'));

describe('dictionaries', () => {
  it('have identical key sets', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  // ERROR_CODES is generated from the Rust ErrorCode (visitdesk_core::bindings), so a code added
  // there fails here until both languages have its text.
  it.each(Object.entries(DICTIONARIES))('%s has a text for every error code', (_, dict) => {
    const missing = ERROR_CODES.filter((code) => !Object.hasOwn(dict, `error.${code}`));
    expect(missing).toEqual([]);
  });

  it.each(Object.entries(DICTIONARIES))('%s has no empty texts and the same placeholders as zh-CN', (_, dict) => {
    for (const [key, text] of Object.entries(dict)) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(zhCN[key as keyof typeof zhCN]));
    }
  });
});

describe('t()', () => {
  it('follows the current language and fills in placeholders', () => {
    expect(t('app.version', { version: '0.1.0' })).toBe('版本 0.1.0');
    setLocale('en');
    expect(t('app.version', { version: '0.1.0' })).toBe('Version 0.1.0');
  });

  it('leaves a placeholder without a value visible', () => {
    expect(t('app.version')).toBe('版本 {version}');
  });
});
