// The user's own tfjs LayersModel as the embedding source: spectral signatures work best on the
// representations of the very model trained on the suspect data, so a team can hand Assay the
// model its pipeline trained (model.json + weight files, read locally; nothing is uploaded).
// The embeddings are the activations of the layer named "embedding" when there is one, else of
// the penultimate layer. The probe still gives the out-of-fold probabilities.
import * as tf from '@tensorflow/tfjs';
import { InputError, type RunControl, type UserModelFiles } from '../types';
import { predictRows } from './train';

export type { UserModelFiles } from '../types';

interface WeightsGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** Reads model.json and its weight files into a LayersModel. */
export async function loadUserModel(files: UserModelFiles): Promise<tf.LayersModel> {
  let parsed: { modelTopology?: unknown; weightsManifest?: WeightsGroup[] };
  try {
    parsed = JSON.parse(files.json);
  } catch {
    throw new InputError(files.name, 'not a tfjs model.json (invalid JSON)');
  }
  if (!parsed.modelTopology || !Array.isArray(parsed.weightsManifest))
    throw new InputError(
      files.name,
      'not a tfjs LayersModel model.json (no modelTopology / weightsManifest)',
    );
  const chunks: Uint8Array[] = [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  for (const group of parsed.weightsManifest) {
    for (const path of group.paths) {
      const bytes = files.weights[path] ?? files.weights[baseName(path)];
      if (!bytes)
        throw new InputError(files.name, `weight file "${path}" is missing: give it with model.json`);
      chunks.push(bytes);
    }
    specs.push(...group.weights);
  }
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const weightData = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    weightData.set(c, at);
    at += c.length;
  }
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: parsed.modelTopology as tf.io.ModelJSON['modelTopology'],
        weightSpecs: specs,
        weightData: weightData.buffer,
      }),
    );
  } catch (e) {
    throw new InputError(files.name, `the model could not be loaded: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** The sub-model whose output is the embedding layer. */
export function embeddingLayerModel(model: tf.LayersModel): tf.LayersModel {
  const named = model.layers.find((l) => l.name === 'embedding');
  const layer = named ?? model.layers[Math.max(0, model.layers.length - 2)];
  return tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
}

/**
 * Embeddings of every sample from the user's model. `shape` is one sample's feature shape
 * ([h, w, c] for images, [d] for vectors); it must be what the model takes.
 */
export async function userModelEmbeddings(
  files: UserModelFiles,
  x: Float32Array,
  n: number,
  shape: number[],
  control: RunControl = {},
): Promise<{ data: Float32Array; dim: number }> {
  const model = await loadUserModel(files);
  try {
    const expected = model.inputs[0].shape.slice(1);
    if (expected.length !== shape.length || expected.some((d, i) => d !== null && d !== shape[i]))
      throw new InputError(
        files.name,
        `the model takes inputs of shape [${expected.map((d) => d ?? '?').join(', ')}], the data gives [${shape.join(', ')}]`,
      );
    const sub = embeddingLayerModel(model);
    const outShape = sub.outputs[0].shape.slice(1);
    const dim = outShape.reduce<number>((p, d) => p * (d ?? 1), 1);
    const data = new Float32Array(n * dim);
    const flat =
      outShape.length > 1
        ? tf.model({
            inputs: sub.inputs,
            outputs: tf.layers.flatten().apply(sub.outputs[0]) as tf.SymbolicTensor,
          })
        : sub;
    await predictRows(
      flat,
      { data: x, shape },
      Int32Array.from({ length: n }, (_, i) => i),
      dim,
      data,
      control,
    );
    return { data, dim };
  } finally {
    model.dispose();
  }
}
