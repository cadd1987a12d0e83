// A provenance finding: one problem with one file, typed and tagged with the ATLAS techniques it
// is evidence of (report/atlas.ts), so the audit and the CLI print the same thing.
import { atlasTags, type AtlasTechnique, type FindingKind } from '../report/atlas';

export interface ProvenanceFinding {
  kind: FindingKind;
  /** The file (relative path) or, for a URL list, the URL's file name. */
  path: string;
  /** One sentence: what is wrong with this file. */
  message: string;
  atlas: readonly AtlasTechnique[];
}

export function finding(kind: FindingKind, path: string, message: string): ProvenanceFinding {
  return { kind, path, message, atlas: atlasTags(kind) };
}
