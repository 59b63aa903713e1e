/** What a number field (`<input type="number" bind:value>`) holds: its number, or null while it is empty. */
export function typedNumber(n: number | null | undefined): number | null {
  return typeof n === 'number' && !Number.isNaN(n) ? n : null;
}
