/**
 * A rough strength hint for a new passphrase. The rule that counts (at least 8 characters)
 * lives in the core; this only nudges toward longer ones.
 */
export type Strength = 'empty' | 'short' | 'weak' | 'fair' | 'strong';

/** The core's minimum, shown in the hint (the core enforces it and says so by error code). */
export const PASSPHRASE_MIN_CHARS = 8;

export function passphraseStrength(p: string): Strength {
  const chars = [...p];
  if (chars.length === 0) return 'empty';
  if (chars.length < PASSPHRASE_MIN_CHARS) return 'short';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^\p{L}\p{N}\s]/u, /\p{Script=Han}/u, /\s/].filter((re) => re.test(p)).length;
  const distinct = new Set(chars).size;
  const score = chars.length + classes * 3 + Math.min(distinct, 12) - (distinct <= 3 ? 10 : 0);
  if (score >= 30) return 'strong';
  if (score >= 20) return 'fair';
  return 'weak';
}
