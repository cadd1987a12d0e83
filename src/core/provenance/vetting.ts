// Source vetting beyond hashes, offline: is each file's recorded origin one the policy allows, its
// licence one the policy allows, and was it vetted after it was retrieved? A file retrieved after
// it was vetted is not the file that was vetted, whatever its hash says now.
import { finding, type ProvenanceFinding } from './finding';
import type { Manifest, ManifestEntry } from './manifest';

export interface VettingPolicy {
  /** Allowed origin prefixes (`https://data.example.org/`, `s3://bucket/`); none = any origin. */
  allowOrigins?: string[];
  /** Allowed licence ids, compared case-insensitively; none = any licence. */
  allowLicences?: string[];
}

/**
 * Whether `origin` is under `prefix`. A prefix ending inside a host name must end there:
 * `https://data.example.org` allows `https://data.example.org/x` but not
 * `https://data.example.org.evil.test/x`.
 */
export function originAllowed(origin: string, prefix: string): boolean {
  if (!origin.startsWith(prefix)) return false;
  if (origin.length === prefix.length || /[/?#]$/.test(prefix)) return true;
  return /[/?#:]/.test(origin[prefix.length]);
}

/** Whether the manifest records any source field: vetting checks have something to check. */
export function recordsSources(manifest: Manifest): boolean {
  return manifest.files.some((f) => f.origin || f.licence || f.retrieved || f.vetted || f.vettedBy);
}

/** Every vetting finding of every file in the manifest, in the manifest's order. */
export function vetManifest(manifest: Manifest, policy: VettingPolicy = {}): ProvenanceFinding[] {
  return manifest.files.flatMap((f) => vetEntry(f, policy));
}

export function vetEntry(f: ManifestEntry, policy: VettingPolicy): ProvenanceFinding[] {
  const out: ProvenanceFinding[] = [];
  const origins = policy.allowOrigins ?? [];
  const licences = (policy.allowLicences ?? []).map((l) => l.toLowerCase());
  if (!f.origin)
    out.push(finding('origin-missing', f.path, 'no recorded origin: nobody can say where it came from'));
  else if (origins.length && !origins.some((p) => originAllowed(f.origin!, p)))
    out.push(finding('origin-not-allowed', f.path, `origin ${f.origin} is outside the allowed origins`));
  if (!f.licence) out.push(finding('licence-missing', f.path, 'no recorded licence'));
  else if (licences.length && !licences.includes(f.licence.toLowerCase()))
    out.push(finding('licence-not-allowed', f.path, `licence ${f.licence} is not an allowed licence`));
  if (!f.vettedBy || !f.vetted)
    out.push(
      finding('vetting-missing', f.path, f.vettedBy ? 'no vetting date' : 'no record of who vetted it'),
    );
  if (f.retrieved && f.vetted && isAfter(f.retrieved, f.vetted))
    out.push(
      finding(
        'retrieved-after-vetting',
        f.path,
        `retrieved ${f.retrieved}, after it was vetted on ${f.vetted}: the file vetted is not this one`,
      ),
    );
  return out;
}

/**
 * Whether ISO date(-time) a is later than b. When either is a bare date, only the days compare:
 * a file retrieved and vetted on the same day is not "after" (the record cannot say which was
 * first).
 */
export function isAfter(a: string, b: string): boolean {
  const bare = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
  if (bare(a) || bare(b)) return dayOf(a) > dayOf(b);
  return Date.parse(a) > Date.parse(b);
}

/** The UTC day of an ISO date or date-time, as YYYY-MM-DD. */
function dayOf(s: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : new Date(Date.parse(s)).toISOString().slice(0, 10);
}
