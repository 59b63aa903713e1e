/**
 * A join request's fingerprint as the newcomer reads it aloud: 16 digits, shown in 4 groups of
 * 4. The admin may type it with spaces (or full-width digits and spaces, from a Chinese input
 * method); the core compares the digits only.
 */
export function normalizeFingerprint(typed: string): string | null {
  const digits = typed.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/\s+/g, '');
  if (!/^\d{16}$/.test(digits)) return null;
  return (digits.match(/\d{4}/g) ?? []).join(' ');
}

/** A fingerprint as the core gives it ("1234 5678 9012 3456"), in its groups of 4 digits, to show large. */
export function fingerprintGroups(fingerprint: string): string[] {
  return fingerprint.replace(/\s+/g, '').match(/.{1,4}/g) ?? [];
}
