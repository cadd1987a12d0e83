// Roles for the reference version of a dataset in a diff: the two versions must read their shared
// columns the same way, or every row would differ.
import type { Role, Roles } from '../types';

/** Roles a dataset has at most one column of. */
const SINGULAR: ReadonlySet<Role> = new Set(['id', 'label', 'annotator', 'image', 'embedding']);

/**
 * Columns the versions share keep the current scan's roles; the others keep the reference's own
 * inferred role, except a singular role (label, id…) a shared column already has: that one would
 * make two label columns, so the reference-only column is ignored.
 */
export function referenceRoles(columns: readonly string[], inferred: Roles, current: Roles): Roles {
  const roles: Roles = {};
  for (const n of columns) roles[n] = current[n] ?? inferred[n];
  for (const n of columns) {
    if (n in current || !SINGULAR.has(roles[n])) continue;
    if (columns.some((m) => m in current && current[m] === roles[n])) roles[n] = 'ignore';
  }
  return roles;
}
