// Public face of red-team mode: attack specs, planting, scoring and the whole run.
export { describeAttack, type AttackKind, type AttackRequest, type AttackSpec } from './attack';
export type { FlipAttack, PatchAttack, PatchPattern, PatchPlace, PhraseAttack } from './attack';
export { parseAttack, AttackParseError } from './parse-attack';
export { resolveAttack, type AttackContext } from './resolve-attack';
export { plantAttack, resolveFor, type PlantedAttack } from './plant';
export { scoreAttack, type AttackScore, type DetectorCatch } from './score-attack';
export { auroc, averagePrecision, flagQuality, recallAtK } from './ranking-metrics';
export {
  attackSeed,
  redteam,
  redteamLoaded,
  type RedteamOptions,
  type RedteamReport,
  type RedteamRun,
} from './redteam';
