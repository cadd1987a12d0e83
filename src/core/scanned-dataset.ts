// What the tools that run after a scan (red team, backdoor confirmation, diff, trigger view) need
// of the dataset the scan kept loaded: its roles as scanned, its image column, the LoadedWithRoles form.
import type { LoadedWithRoles } from './load-and-infer';
import type { Column, DatasetSummary, LoadedDataset, Roles } from './types';

/** Column roles of a scanned dataset. */
export function rolesOf(summary: DatasetSummary): Roles {
  return Object.fromEntries(summary.columns.map((c) => [c.name, c.role]));
}

/** The loaded dataset as loadAndInfer would give it, with the roles it was scanned with. */
export function withRolesOf(loaded: LoadedDataset, summary: DatasetSummary): LoadedWithRoles {
  return { loaded, roles: rolesOf(summary), warnings: [], summary, loadMs: 0 };
}

/** The column scanned as the image column, when there is one. */
export function imageColumnOf(loaded: LoadedDataset, summary: DatasetSummary): Column | undefined {
  const name = summary.columns.find((c) => c.role === 'image')?.name;
  return name === undefined ? undefined : loaded.frame.columns.find((c) => c.name === name);
}
