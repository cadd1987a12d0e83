// Turns an attack as asked for (some parameters left out) into a full spec for one dataset:
// omitted parameters are drawn from the seed, class names are matched to the data's classes.
// Every random parameter is drawn in a fixed order whether or not it is used, so fixing one
// parameter does not change the others a seed gives.
import { mulberry32 } from '../random';
import { InputError } from '../types';
import type { AttackRequest, AttackSpec, PatchPattern } from './attack';

/** What an attack needs to know about the data it is planted into. */
export interface AttackContext {
  /** Dataset name, for error messages. */
  name: string;
  classes: string[];
  /** Size of the images (the most common one), when the data has an image column. */
  imageSize?: { height: number; width: number };
  /** Annotators present in the data, when it has an annotator column. */
  annotators?: string[];
  /** The data has a text column (a campaign varies the text; otherwise the numbers). */
  hasText?: boolean;
}

/** Rates a random attack is planted at: down to 1 %, where a team wants to know it still works. */
export const RANDOM_RATES = [0.01, 0.02, 0.03, 0.05];
/** Trigger phrases drawn when none is given: rare word pairs, as in the text-backdoor literature. */
export const RANDOM_PHRASES = ['cf mn', 'tq bb', 'quietly blue', 'per my last note', 'zx spectrum'];
/** Campaign variation drawn when none is given: text, share of words swapped per variant. */
export const RANDOM_TEXT_JITTER = [0.05, 0.1, 0.15, 0.2];
/** Tabular, standard deviations of noise on each number (penguins' 1-NN distance is ~0.3 sd). */
export const RANDOM_TABLE_JITTER = [0.02, 0.05, 0.1];
/** Pixels between a corner patch and the image border (the fashion-badnets trigger sits so). */
const CORNER_MARGIN = 1;

const key = (s: string) => s.normalize('NFC').trim().toLowerCase();

/** The data's spelling of `name`, matched like labels are (case and surrounding spaces ignored). */
export function matchClass(ctx: AttackContext, name: string, what: string): string {
  const found = ctx.classes.find((c) => key(c) === key(name));
  if (found === undefined)
    throw new InputError(
      ctx.name,
      `${what}: no class "${name}" (classes: ${ctx.classes.slice(0, 20).join(', ')}${ctx.classes.length > 20 ? ', …' : ''})`,
    );
  return found;
}

export function resolveAttack(req: AttackRequest, ctx: AttackContext, defaultSeed: number): AttackSpec {
  const seed = req.seed ?? defaultSeed;
  const rand = mulberry32(seed ^ 0x7ea3);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  if (ctx.classes.length < 2)
    throw new InputError(ctx.name, `${req.kind} attack: needs at least two labelled classes`);
  const rate = pick(RANDOM_RATES);
  const target = pick(ctx.classes);
  switch (req.kind) {
    case 'patch': {
      const size0 = 2 + Math.floor(rand() * 4);
      const pattern0 = pick<PatchPattern>(['solid', 'checker', 'random']);
      const u = rand();
      const v = rand();
      if (!ctx.imageSize) throw new InputError(ctx.name, 'patch attack: the data has no image column');
      const { height: h, width: w } = ctx.imageSize;
      const size = Math.min(req.size ?? size0, h, w);
      let top = Math.floor(u * (h - size + 1));
      let left = Math.floor(v * (w - size + 1));
      const place =
        req.place ??
        (req.top !== undefined && req.left !== undefined ? { top: req.top, left: req.left } : undefined);
      if (typeof place === 'object') [top, left] = [place.top, place.left];
      else if (place === 'c') [top, left] = [(h - size) >> 1, (w - size) >> 1];
      else if (place) {
        const far = (side: number) => Math.max(0, side - size - CORNER_MARGIN);
        const near = Math.min(CORNER_MARGIN, h - size, w - size);
        top = place[0] === 'b' ? far(h) : near;
        left = place[1] === 'r' ? far(w) : near;
      }
      if (top + size > h || left + size > w)
        throw new InputError(
          ctx.name,
          `patch attack: a ${size}-pixel patch at (${top},${left}) does not fit ${h}×${w} images`,
        );
      return {
        kind: 'patch',
        size,
        top,
        left,
        pattern: req.pattern ?? pattern0,
        value: req.value ?? 1,
        target: req.target !== undefined ? matchClass(ctx, req.target, 'patch attack target') : target,
        rate: req.rate ?? rate,
        seed,
      };
    }
    case 'flip': {
      if (req.annotator !== undefined) {
        if (!ctx.annotators)
          throw new InputError(
            ctx.name,
            'flip attack: the data has no annotator column to concentrate flips in',
          );
        if (!ctx.annotators.includes(req.annotator))
          throw new InputError(
            ctx.name,
            `flip attack: no annotator "${req.annotator}" (annotators: ${ctx.annotators.slice(0, 20).join(', ')})`,
          );
      }
      const fromClass =
        req.fromClass !== undefined ? matchClass(ctx, req.fromClass, 'flip attack from') : undefined;
      const toClass = req.toClass !== undefined ? matchClass(ctx, req.toClass, 'flip attack to') : undefined;
      if (fromClass !== undefined && fromClass === toClass)
        throw new InputError(ctx.name, `flip attack: from and to are the same class "${fromClass}"`);
      return {
        kind: 'flip',
        rate: req.rate ?? rate,
        ...(fromClass !== undefined ? { fromClass } : {}),
        ...(toClass !== undefined ? { toClass } : {}),
        ...(req.annotator !== undefined ? { annotator: req.annotator } : {}),
        seed,
      };
    }
    case 'phrase': {
      const phrase0 = pick(RANDOM_PHRASES);
      const phrase = req.phrase ?? phrase0;
      if (!phrase.trim()) throw new InputError(ctx.name, 'phrase attack: the phrase is empty');
      return {
        kind: 'phrase',
        phrase,
        target: req.target !== undefined ? matchClass(ctx, req.target, 'phrase attack target') : target,
        rate: req.rate ?? rate,
        seed,
      };
    }
    case 'cleanlabel': {
      const u = rand();
      if (!ctx.imageSize) throw new InputError(ctx.name, 'cleanlabel attack: the data has no image column');
      const to = req.target !== undefined ? matchClass(ctx, req.target, 'cleanlabel attack target') : target;
      const others = ctx.classes.filter((c) => c !== to);
      const base =
        req.base !== undefined
          ? matchClass(ctx, req.base, 'cleanlabel attack base')
          : others[Math.floor(u * others.length)];
      if (base === to)
        throw new InputError(ctx.name, `cleanlabel attack: base and target are the same class "${to}"`);
      return { kind: 'cleanlabel', base, target: to, rate: req.rate ?? 0.01, seed };
    }
    case 'campaign': {
      const u = rand();
      const jitter0 = pick(ctx.hasText ? RANDOM_TEXT_JITTER : RANDOM_TABLE_JITTER);
      const annotator0 = ctx.annotators?.length ? pick(ctx.annotators) : undefined;
      if (req.annotator !== undefined) {
        if (!ctx.annotators)
          throw new InputError(ctx.name, 'campaign attack: the data has no annotator column');
        if (!ctx.annotators.includes(req.annotator))
          throw new InputError(
            ctx.name,
            `campaign attack: no annotator "${req.annotator}" (annotators: ${ctx.annotators.slice(0, 20).join(', ')})`,
          );
      }
      const to = req.target !== undefined ? matchClass(ctx, req.target, 'campaign attack target') : target;
      const others = ctx.classes.filter((c) => c !== to);
      const source =
        req.source !== undefined
          ? matchClass(ctx, req.source, 'campaign attack source')
          : others[Math.floor(u * others.length)];
      if (source === to)
        throw new InputError(ctx.name, `campaign attack: source and target are the same class "${to}"`);
      if (req.template !== undefined && !req.template.trim())
        throw new InputError(ctx.name, 'campaign attack: the template is empty');
      const annotator = req.annotator ?? annotator0;
      return {
        kind: 'campaign',
        rate: req.rate ?? rate,
        target: to,
        source,
        ...(annotator !== undefined ? { annotator } : {}),
        jitter: req.jitter ?? jitter0,
        ...(req.template !== undefined ? { template: req.template } : {}),
        seed,
      };
    }
  }
}
