// The command line's attack syntax: KIND[:key=value,key=value…], e.g.
//   patch:size=3,place=br,target=Coat,rate=0.03
//   flip:rate=0.05,annotator=a2          flip:rate=2%,from=Adelie,to=Gentoo
//   phrase:text="cheap pills",target=spam,rate=0.02
//   campaign:rate=2%,target=ham,annotator=a3,jitter=0.1   campaign:template="Win a prize now",to=ham
// A value may be double-quoted (then it may hold commas; \" is a quote). A parameter left out,
// or given as `random`, is drawn from the seed when the attack is resolved against the data
// (except pattern=random: that is the noise pattern; leave pattern out to draw one).
import type { AttackRequest, PatchPattern, PatchPlace } from './attack';

export class AttackParseError extends Error {}

const KEYS: Record<AttackRequest['kind'], Record<string, string>> = {
  patch: {
    size: 'size',
    place: 'place',
    top: 'top',
    left: 'left',
    pattern: 'pattern',
    value: 'value',
    target: 'target',
    rate: 'rate',
    seed: 'seed',
  },
  flip: {
    rate: 'rate',
    from: 'fromClass',
    fromclass: 'fromClass',
    to: 'toClass',
    toclass: 'toClass',
    annotator: 'annotator',
    seed: 'seed',
  },
  phrase: { text: 'phrase', phrase: 'phrase', target: 'target', rate: 'rate', seed: 'seed' },
  cleanlabel: { base: 'base', from: 'base', target: 'target', to: 'target', rate: 'rate', seed: 'seed' },
  campaign: {
    rate: 'rate',
    target: 'target',
    to: 'target',
    source: 'source',
    from: 'source',
    annotator: 'annotator',
    jitter: 'jitter',
    template: 'template',
    text: 'template',
    seed: 'seed',
  },
};

const PLACES = new Set(['tl', 'tr', 'bl', 'br', 'c']);
const PATTERNS = new Set<PatchPattern>(['solid', 'checker', 'random']);

/** Splits `a=1,b="x, y"` into pairs, honouring double quotes. */
function splitPairs(body: string, whole: string): [string, string][] {
  const pairs: [string, string][] = [];
  let i = 0;
  while (i < body.length) {
    const eq = body.indexOf('=', i);
    if (eq < 0) throw new AttackParseError(`attack "${whole}": expected key=value at "${body.slice(i)}"`);
    const key = body.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    let value = '';
    if (body[j] === '"') {
      j++;
      while (j < body.length && body[j] !== '"') {
        if (body[j] === '\\' && body[j + 1] === '"') j++;
        value += body[j++];
      }
      if (j >= body.length) throw new AttackParseError(`attack "${whole}": unterminated quote`);
      j++;
      if (j < body.length && body[j] !== ',')
        throw new AttackParseError(`attack "${whole}": expected "," after the quoted value of ${key}`);
    } else {
      const comma = body.indexOf(',', j);
      const end = comma < 0 ? body.length : comma;
      value = body.slice(j, end).trim();
      j = end;
    }
    pairs.push([key, value]);
    i = j + 1;
  }
  return pairs;
}

function number(whole: string, key: string, v: string, min: number, max: number, integer = false): number {
  const x = Number(v);
  if (v === '' || !Number.isFinite(x) || x < min || x > max || (integer && !Number.isInteger(x)))
    throw new AttackParseError(
      `attack "${whole}": ${key} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got "${v}"`,
    );
  return x;
}

/** "0.03", "3%" -> 0.03; in (0, 1]. */
function rate(whole: string, v: string): number {
  const pct = v.endsWith('%');
  const x = pct ? Number(v.slice(0, -1)) / 100 : Number(v);
  if (!Number.isFinite(x) || x <= 0 || x > 1)
    throw new AttackParseError(
      `attack "${whole}": rate must be a share in (0, 1] such as 0.03 or 3%, got "${v}"`,
    );
  return x;
}

export function parseAttack(text: string): AttackRequest {
  const whole = text.trim();
  const colon = whole.indexOf(':');
  const kind = (colon < 0 ? whole : whole.slice(0, colon)).trim().toLowerCase();
  if (!Object.hasOwn(KEYS, kind))
    throw new AttackParseError(
      `attack "${whole}": unknown kind "${kind}" (patch, flip, phrase, campaign or cleanlabel)`,
    );
  const attackKind = kind as AttackRequest['kind'];
  const body = colon < 0 ? '' : whole.slice(colon + 1).trim();
  const out: Record<string, unknown> = { kind };
  let top: number | undefined;
  let left: number | undefined;
  for (const [key, value] of body && body !== 'random' ? splitPairs(body, whole) : []) {
    const field = KEYS[attackKind][key];
    if (!field)
      throw new AttackParseError(
        `attack "${whole}": unknown parameter "${key}" for ${kind} (${Object.keys(KEYS[attackKind]).join(', ')})`,
      );
    // `random` leaves the parameter to the seed; pattern=random is the noise pattern itself.
    if (value === 'random' && field !== 'pattern') continue;
    if (field === 'rate') out.rate = rate(whole, value);
    else if (field === 'seed') out.seed = number(whole, key, value, 0, 2 ** 32 - 1, true);
    else if (field === 'jitter') out.jitter = number(whole, key, value, 0, 10);
    else if (field === 'size') out.size = number(whole, key, value, 1, 4096, true);
    else if (field === 'top') top = number(whole, key, value, 0, 1e6, true);
    else if (field === 'left') left = number(whole, key, value, 0, 1e6, true);
    else if (field === 'value') {
      // A grey level: 0..1, or 0..255 as a byte.
      const x = number(whole, key, value, 0, 255);
      out.value = x > 1 ? x / 255 : x;
    } else if (field === 'place') {
      if (!PLACES.has(value))
        throw new AttackParseError(
          `attack "${whole}": place must be tl, tr, bl, br, c or random, got "${value}"`,
        );
      out.place = value as PatchPlace;
    } else if (field === 'pattern') {
      if (!PATTERNS.has(value as PatchPattern))
        throw new AttackParseError(
          `attack "${whole}": pattern must be solid, checker or random, got "${value}"`,
        );
      out.pattern = value;
    } else {
      if (value === '') throw new AttackParseError(`attack "${whole}": ${key} is empty`);
      out[field] = value;
    }
  }
  if (top !== undefined || left !== undefined) {
    if (out.place !== undefined)
      throw new AttackParseError(`attack "${whole}": give place or top/left, not both`);
    if (top === undefined || left === undefined)
      throw new AttackParseError(`attack "${whole}": top and left go together`);
    out.place = { top, left };
  }
  return out as AttackRequest;
}
