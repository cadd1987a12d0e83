// The backend stage.
import * as tf from '@tensorflow/tfjs';
import { patchWasmKernels } from '../model/wasm-kernels';
import type { BackendName } from '../types';

/** The tfjs backend the probe trains on, with Assay's wasm kernels where it is wasm. */
export function backendStage(): BackendName {
  if (tf.getBackend() === 'wasm') patchWasmKernels();
  return tf.getBackend() as BackendName;
}
