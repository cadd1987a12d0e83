// Public face of backdoor confirmation.
export {
  BACKDOOR_RATE,
  NOT_BACKDOOR_RATE,
  confirmBackdoor,
  majorityLabel,
  verdictOf,
  type BackdoorConfirmation,
  type ConfirmExample,
  type ConfirmInput,
  type ConfirmVerdict,
} from './confirm-backdoor';
export { confirmLoaded, type ConfirmOptions } from './confirm-loaded';
export { reconstructTrigger, stampTrigger, type ReconstructedTrigger } from './reconstruct-trigger';
