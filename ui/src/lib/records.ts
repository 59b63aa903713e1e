import type { Stored } from './backend';

/** A stored record's own fields, without its id and audit columns (what a save sends back). */
export function dataOf<T extends object>(stored: Stored<T>): T {
  const { id, audit, ...rest } = stored;
  void id;
  void audit;
  return rest as unknown as T;
}
