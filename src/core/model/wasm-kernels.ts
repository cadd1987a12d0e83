// Fixes to tfjs-backend-wasm 4.22 kernels that the probe models' training depends on.
// Measured in Node on this 2-core machine (tmp benches, 256×784 · 784×64):
// - BatchMatMul with transposeA or transposeB falls off XNNPACK's fast path: 28–33 ms against
//   1.9 ms untransposed. Backprop uses exactly those transposes, so training ran ~10× slower.
//   Transposing explicitly first (a cheap copy) and multiplying untransposed fixes it.
// - Conv2DBackpropFilter is missing, so a Conv2D layer cannot train at all. Conv3DBackpropFilterV2
//   exists: a 2-D convolution is a 3-D one of depth 1, run on 5-D views of the same buffers.
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

interface Backend {
  disposeData(dataId: object): boolean;
}
type Args = { inputs: Record<string, TensorInfo>; backend: Backend; attrs: NamedAttrMap };

let patched = false;

export function patchWasmKernels(): void {
  if (patched) return;
  const bmm = getKernel('BatchMatMul', 'wasm');
  const transpose = getKernel('Transpose', 'wasm');
  if (!bmm || !transpose) return;
  patched = true;
  const original = bmm.kernelFunc as unknown as (a: Args) => TensorInfo;
  const transposeFn = transpose.kernelFunc as unknown as (a: Args) => TensorInfo;
  const swapLast = (t: TensorInfo, backend: Backend): TensorInfo => {
    const r = t.shape.length;
    const perm = [...Array(r).keys()];
    [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
    return transposeFn({ inputs: { x: t }, backend, attrs: { perm } });
  };
  const fastBatchMatMul = ({ inputs, backend, attrs }: Args): TensorInfo => {
    let { a, b } = inputs;
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original({ inputs, backend, attrs });
    const temps: TensorInfo[] = [];
    if (transposeA) temps.push((a = swapLast(a, backend)));
    if (transposeB) temps.push((b = swapLast(b, backend)));
    const out = original({
      inputs: { a, b },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    for (const t of temps) backend.disposeData(t.dataId);
    return out;
  };
  unregisterKernel('BatchMatMul', 'wasm');
  registerKernel({ ...bmm, kernelFunc: fastBatchMatMul as unknown as KernelFunc });

  const conv3dFilter = getKernel('Conv3DBackpropFilterV2', 'wasm');
  if (!getKernel('Conv2DBackpropFilter', 'wasm') && conv3dFilter) {
    const conv3dFn = conv3dFilter.kernelFunc as unknown as (a: Args) => TensorInfo;
    const conv2dBackpropFilter = ({ inputs, backend, attrs }: Args): TensorInfo => {
      const { strides, pad, filterShape } = attrs as unknown as {
        strides: number | [number, number];
        pad: 'same' | 'valid';
        filterShape: [number, number, number, number];
      };
      const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
      const as5d = (t: TensorInfo): TensorInfo => ({
        dataId: t.dataId,
        dtype: t.dtype,
        shape: [t.shape[0], 1, ...t.shape.slice(1)],
      });
      const dw = conv3dFn({
        inputs: { x: as5d(inputs.x), dy: as5d(inputs.dy) },
        backend,
        attrs: { strides: [1, 1, sh, sw, 1], pad, filterShape: [1, ...filterShape] },
      });
      return { dataId: dw.dataId, dtype: dw.dtype, shape: [...filterShape] };
    };
    registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'wasm',
      kernelFunc: conv2dBackpropFilter as unknown as KernelFunc,
    });
  }
}
