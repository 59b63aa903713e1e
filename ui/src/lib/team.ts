/** What a pass over the team folder did, summed over the members' bundles it read. */
import type { FolderPass } from './backend';

/** How many records a pass over the team folder changed here. */
export function appliedBy(pass: FolderPass): number {
  return pass.read.reduce((n, r) => n + (r.imported && !r.imported.replay ? r.imported.records : 0), 0);
}

/** The team folder's bundles a pass refused. */
export function refusedBy(pass: FolderPass): number {
  return pass.read.filter((r) => r.error !== null).length;
}

/** The employers a pass flagged as likely duplicates of one here. */
export function duplicatesBy(pass: FolderPass): string[] {
  return [...new Set(pass.read.flatMap((r) => r.imported?.duplicates ?? []))];
}
