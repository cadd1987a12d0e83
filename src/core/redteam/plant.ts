// plantAttack: a copy of a loaded dataset with one synthetic attack planted, and the mask of the
// planted rows. The input is never written to: the copy shares the columns the attack leaves
// alone and gets new arrays for the ones it changes (labels, images, texts).
import type { LoadedDataset, Roles } from '../types';
import { describeAttack, type AttackRequest, type AttackSpec } from './attack';
import { attackContext } from './attack-context';
import { plantCampaign } from './plant-campaign';
import { plantCleanLabel } from './plant-cleanlabel';
import { plantFlip } from './plant-flip';
import { plantPatch } from './plant-patch';
import { plantPhrase } from './plant-phrase';
import { plantInput, type Planting } from './planting';
import { resolveAttack } from './resolve-attack';

export interface PlantedAttack {
  /** The copy with the attack planted; same rows in the same order as the input. */
  dataset: LoadedDataset;
  /** 1 = this row was planted (stamped, flipped or given the phrase). */
  planted: Uint8Array;
  plantedCount: number;
  /** The attack exactly as planted. */
  spec: AttackSpec;
  description: string;
  /** What the planter could not do as asked (too few candidate rows, …). */
  notes: string[];
}

/** Fills in what the request leaves out (from its seed, else `defaultSeed`) for this dataset. */
export function resolveFor(
  loaded: LoadedDataset,
  roles: Roles,
  request: AttackRequest,
  defaultSeed = 1,
): AttackSpec {
  return resolveAttack(request, attackContext(loaded, roles), defaultSeed);
}

/** plantAttack for every attack, the clean-label one included (it trains a probe: async). */
export async function plantAttackAsync(
  loaded: LoadedDataset,
  roles: Roles,
  spec: AttackSpec,
): Promise<PlantedAttack> {
  if (spec.kind !== 'cleanlabel') return plantAttack(loaded, roles, spec);
  return assemble(loaded, spec, await plantCleanLabel(plantInput(loaded, roles), spec));
}

export function plantAttack(loaded: LoadedDataset, roles: Roles, spec: AttackSpec): PlantedAttack {
  const input = plantInput(loaded, roles);
  let planting: Planting;
  if (spec.kind === 'cleanlabel')
    throw new Error('plantAttack: the clean-label attack trains a probe; use plantAttackAsync');
  if (spec.kind === 'patch') planting = plantPatch(input, spec);
  else if (spec.kind === 'flip') planting = plantFlip(input, spec);
  else if (spec.kind === 'campaign') planting = plantCampaign(input, spec);
  else planting = plantPhrase(input, spec);
  return assemble(loaded, spec, planting);
}

function assemble(loaded: LoadedDataset, spec: AttackSpec, planting: Planting): PlantedAttack {
  const replaced = new Map(planting.replaced.map((c) => [c.name, c]));
  const dataset: LoadedDataset = {
    ...loaded,
    frame: {
      numRows: loaded.frame.numRows,
      columns: loaded.frame.columns.map((c) => replaced.get(c.name) ?? c),
    },
    files: loaded.files.slice(),
    warnings: loaded.warnings.slice(),
    rowErrors: loaded.rowErrors.slice(),
  };
  const plantedCount = planting.planted.reduce((s, v) => s + v, 0);
  return {
    dataset,
    planted: planting.planted,
    plantedCount,
    spec,
    description: `${describeAttack(spec)}: ${plantedCount} rows`,
    notes: planting.notes,
  };
}
