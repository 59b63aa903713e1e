import { isMessageKey, t } from '../i18n/index.svelte';
import { isIpcError, type ErrorCode } from './backend';
import { rightLabel } from './rights';

/** The code of a failed call, or `unknown` for anything that is not an `IpcError`. */
export function errorCode(e: unknown): ErrorCode | 'unknown' {
  return isIpcError(e) ? e.code : 'unknown';
}

/**
 * The text for an error code in the user's language: what happened and what to do.
 * A field may have its own wording (`error.<code>.<field>`, e.g. a too-short passphrase).
 */
export function codeText(code: string, field: string | null = null): string {
  const specific = `error.${code}.${field ?? ''}`;
  if (field && isMessageKey(specific)) return t(specific);
  const key = `error.${code}`;
  return isMessageKey(key) ? t(key) : t('error.unknown');
}

/** The text for a failed call: `t('error.<code>')`, never the message; a refusal names the missing right. */
export function errorText(e: unknown): string {
  if (isIpcError(e) && e.code === 'access.forbidden' && e.right) return t('error.access.forbidden_right', { right: rightLabel(e.right) });
  if (isIpcError(e) && e.code === 'exchange.bad_row' && e.row != null) return t('error.exchange.bad_row_at', { row: e.row });
  return codeText(errorCode(e), isIpcError(e) ? e.field : null);
}

/** The field label for a core field name (`employer.credit_code`), if the UI has one. */
export function fieldLabel(field: string | null | undefined): string | null {
  if (!field) return null;
  const key = `field.${field}`;
  return isMessageKey(key) ? t(key) : null;
}

/** The error with its field's label in front, for messages shown away from the field. */
export function errorWithField(e: unknown): string {
  const label = isIpcError(e) ? fieldLabel(e.field) : null;
  return label ? t('error.with_field', { field: label, error: errorText(e) }) : errorText(e);
}

/** The field a validation error is about, if any. */
export function errorField(e: unknown): string | null {
  return isIpcError(e) ? e.field : null;
}
