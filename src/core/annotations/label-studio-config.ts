// The class names a Label Studio labelling config declares: <Choices name="…"><Choice value="…"/>.
// Read with a small pattern, not an XML parser: only these two tags matter, and src/core has no DOM.

export interface ChoicesConfig {
  /** The <Choices> tag's name: results carry it as from_name, the CSV export as a column name. */
  name: string | null;
  /** The configured values (alias when given: Label Studio stores the alias in results). */
  choices: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]);

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? decode(m[2] ?? m[3]) : null;
}

/** The first <Choices> block of the config (the classification question); null when none. */
export function parseChoicesConfig(xml: string): ChoicesConfig | null {
  const block = /<Choices\b([^>]*)>([\s\S]*?)<\/Choices>/i.exec(xml);
  if (!block) return null;
  const choices: string[] = [];
  for (const m of block[2].matchAll(/<Choice\b[^>]*>/gi)) {
    const value = attr(m[0], 'alias') ?? attr(m[0], 'value');
    if (value !== null) choices.push(value);
  }
  return { name: attr(block[1], 'name'), choices };
}
