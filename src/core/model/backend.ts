// Backend selection for TensorFlow.js, measured rather than assumed. DOM-free: runs in a worker
// and in Node. Preference: a real (non-fallback) WebGPU adapter -> wasm (SIMD; threaded where the
// page is cross-origin isolated, single-threaded otherwise and in Node) -> webgl -> cpu. A small matmul is timed on every available backend so the page can say why
// it picked the one it did, e.g. "webgpu adapter is a fallback (swiftshader, 0.3 GFLOP/s);
// wasm 15.8 GFLOP/s".
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import type { BackendName } from '../types';

export interface BackendCandidate {
  name: BackendName;
  /** tfjs could initialise it here. */
  available: boolean;
  /** Measured matmul throughput (absent when not measured or unavailable). */
  gflops?: number;
  /** Side of the square matmul that was timed. */
  size?: number;
  /** Why unavailable, or what it is (e.g. "fallback adapter (swiftshader)"). */
  note?: string;
  /** Time spent starting it and timing it, in ms. */
  ms?: number;
}

export interface BackendSelection {
  backend: BackendName;
  /** One line for people: why this backend, with the measured numbers. */
  reason: string;
  candidates: BackendCandidate[];
  /** How long probing and timing took. */
  measuredMs?: number;
  /** How the wasm backend runs here (present once wasm has started). */
  wasm?: WasmThreading;
  /** What the environment that selected the backend (the engine worker, in the page) offers. */
  isolation: { crossOriginIsolated: boolean; sharedArrayBuffer: boolean };
}

export interface WasmThreading {
  simd: boolean;
  /** Threads tfjs-wasm (XNNPACK) computes with: 1 for the single-threaded builds. */
  threads: number;
  /** Why it runs on one thread (absent when threaded). */
  singleThreadReason?: string;
}

export interface SelectBackendOptions {
  /** Use this backend if it is available (the user's choice); otherwise fall back and say so. */
  force?: BackendName;
  /** Where the wasm binaries live (a prefix or a file map); not needed in Node. */
  wasmPaths?: Record<string, string> | string;
  /** Time the matmul on every available backend ('all', default) or only the chosen one. */
  measure?: 'all' | 'chosen';
  /**
   * Let wasm use its threaded build where the environment allows it. Default WASM_THREADS_DEFAULT
   * (off: on the 2-core machines measured they made the page's scan slower, README "Cross-origin
   * isolation and threads").
   */
  wasmThreads?: boolean;
}

export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

/** Side of the timed square matmul: 256 where it is cheap, 128 on the slow backends (< 0.1 s a rep). */
const BENCH_SIZE: Record<BackendName, number> = { webgpu: 128, wasm: 256, webgl: 128, cpu: 128 };
/** Timed work per backend after the warm-up, in ms (at least one rep, at most BENCH_MAX_REPS). */
const BENCH_BUDGET_MS = 120;
const BENCH_MAX_REPS = 4;
/** A backend whose initialisation takes longer than this counts as unavailable. */
const INIT_TIMEOUT_MS = 8000;

// Minimal WebGPU shapes (no dependency on @webgpu/types).
interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<GpuAdapterInfoLike>;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

export interface WebGpuProbe {
  present: boolean;
  fallback: boolean;
  /** Short human description: "swiftshader", "nvidia ampere", "no adapter", ... */
  describe: string;
}

/** Asks for a WebGPU adapter and says whether it is a real GPU or a software fallback. */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (!gpu) return { present: false, fallback: false, describe: 'navigator.gpu missing' };
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await withTimeout(gpu.requestAdapter({ powerPreference: 'high-performance' }), INIT_TIMEOUT_MS);
  } catch (e) {
    return { present: false, fallback: false, describe: `requestAdapter failed: ${oneLine(e)}` };
  }
  if (!adapter) return { present: false, fallback: false, describe: 'no adapter' };
  let info: GpuAdapterInfoLike = adapter.info ?? {};
  if (!adapter.info && typeof adapter.requestAdapterInfo === 'function') {
    try {
      info = await adapter.requestAdapterInfo();
    } catch {
      info = {};
    }
  }
  const vendor = (info.vendor ?? '').toLowerCase();
  const arch = (info.architecture ?? '').toLowerCase();
  const desc = (info.description ?? '').toLowerCase();
  const swiftshader =
    arch === 'swiftshader' ||
    (vendor === 'google' && (desc.includes('swiftshader') || arch.includes('swift')));
  const fallback = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false) || swiftshader;
  const describe = swiftshader
    ? 'swiftshader'
    : [vendor, arch].filter(Boolean).join(' ') || 'unknown adapter';
  return { present: true, fallback, describe };
}

let wasmPathsSet = false;
/** Why wasm runs single-threaded: null while the threaded build is allowed. */
/** The wasm build asked for: threaded, or one thread and why (null before configureWasm). */
let wasmWanted: { threaded: boolean; reason?: string } | null = null;
/** The build the running wasm backend was started with (null while it has not started). */
let wasmStarted: { threaded: boolean; reason?: string } | null = null;

/**
 * Threads are off unless asked for: measured on 2 cores (with the input-graph worker on the second
 * core during the probe) the threaded build made the probe and the scan slower, not faster.
 */
export const WASM_THREADS_DEFAULT = false;
const THREADS_OFF_BY_DEFAULT = 'threads off by default (slower on the 2-core machines measured)';

/**
 * Whether tfjs-wasm's threaded build can run here, and why not. It needs SharedArrayBuffer, which a
 * page (and its workers) has only when cross-origin isolated (COOP + COEP, vite.config.ts). Node
 * keeps the single-threaded build: tfjs 4.22's threaded build does not start there.
 */
export function wasmThreadSupport(): { ok: true } | { ok: false; reason: string } {
  const g = globalThis as { crossOriginIsolated?: boolean; process?: { versions?: { node?: string } } };
  if (typeof g.process?.versions?.node === 'string')
    return { ok: false, reason: 'Node runs the single-threaded build' };
  if (g.crossOriginIsolated !== true) return { ok: false, reason: 'page not cross-origin isolated' };
  if (typeof SharedArrayBuffer !== 'function') return { ok: false, reason: 'no SharedArrayBuffer' };
  return { ok: true };
}

/**
 * Points the wasm backend at its binaries (once; before the wasm backend initialises) and picks its
 * build: threaded SIMD where wasmThreadSupport allows it and `threads` (default WASM_THREADS_DEFAULT)
 * asks for it, else one thread, with the reason.
 * The threaded build works bundled thanks to scripts/tfjs-wasm-threads.ts.
 */
export function configureWasm(wasmPaths?: Record<string, string> | string, threads?: boolean): void {
  const support = wasmThreadSupport();
  wasmWanted = !support.ok
    ? { threaded: false, reason: support.reason }
    : (threads ?? WASM_THREADS_DEFAULT)
      ? { threaded: true }
      : { threaded: false, reason: threads === undefined ? THREADS_OFF_BY_DEFAULT : 'threads turned off' };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', wasmWanted.threaded);
  // One thread per core (tfjs's default is half the cores; scripts/tfjs-wasm-threads.ts lifts its cap).
  if (wasmWanted.threaded) setThreadsCount(wasmThreadCount());
  if (wasmPaths !== undefined && !wasmPathsSet) {
    setWasmPaths(wasmPaths);
    wasmPathsSet = true;
  }
}

/**
 * When the running wasm backend uses another build than the one now wanted (threads turned on or
 * off after it started), drops it so that the next setBackend('wasm') starts the wanted one.
 */
function restartWasmIfChanged(): void {
  if (!wasmStarted || !wasmWanted || wasmStarted.threaded === wasmWanted.threaded) return;
  const factory = tf.findBackendFactory('wasm');
  if (!factory) return;
  tf.removeBackend('wasm'); // disposes it (and terminates its pthreads)
  tf.registerBackend('wasm', factory, WASM_PRIORITY);
  wasmStarted = null;
}
/** tfjs-backend-wasm registers itself with this priority (its base.ts). */
const WASM_PRIORITY = 2;

/** Threads for the threaded build: one per logical core, at most 8 (`navigator.hardwareConcurrency`). */
export function wasmThreadCount(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  return Math.max(1, Math.min(8, Math.floor(cores ?? 1)));
}

/** How the wasm backend runs, once it has started (undefined before). */
async function wasmThreading(): Promise<WasmThreading | undefined> {
  if (!wasmStarted) return undefined;
  let threads: number;
  try {
    threads = getThreadsCount();
  } catch {
    return undefined; // not started
  }
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threaded = wasmStarted.threaded && simd;
  const single = threaded ? undefined : (wasmStarted.reason ?? (simd ? undefined : 'no SIMD'));
  return { simd, threads: threaded ? threads : 1, ...(single ? { singleThreadReason: single } : {}) };
}

/** "wasm SIMD, 2 threads", "wasm SIMD, 1 thread: page not cross-origin isolated". */
export function describeWasm(w: WasmThreading): string {
  const build = w.simd ? 'wasm SIMD' : 'wasm';
  const threads = `${w.threads} thread${w.threads === 1 ? '' : 's'}`;
  return `${build}, ${threads}${w.singleThreadReason ? `: ${w.singleThreadReason}` : ''}`;
}

/** Tries to make `name` the active tfjs backend; false when it cannot run here. */
export async function trySetBackend(name: BackendName): Promise<boolean> {
  if (name === 'wasm') return startWasm();
  return setBackendWithin(name);
}

async function setBackendWithin(name: BackendName): Promise<boolean> {
  try {
    return await withTimeout(tf.setBackend(name), INIT_TIMEOUT_MS);
  } catch {
    return false;
  }
}

/** Starts (or activates) wasm; when its threaded build fails to start, falls back to one thread. */
async function startWasm(): Promise<boolean> {
  if (!wasmWanted) configureWasm();
  const wanted = wasmWanted ?? { threaded: false };
  if (wasmStarted) return setBackendWithin('wasm');
  if (await setBackendWithin('wasm')) {
    wasmStarted = wanted;
    return true;
  }
  if (!wanted.threaded) return false;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await setBackendWithin('wasm'))) return false;
  wasmStarted = { threaded: false, reason: 'the threaded build failed to start' };
  return true;
}

/** Measured GFLOP/s of a square matmul on the active backend (after one warm-up). */
export async function timeMatmul(size = 256, budgetMs = BENCH_BUDGET_MS): Promise<number> {
  const a = tf.tensor2d(seededValues(size * size, 11, 1), [size, size]);
  const b = tf.tensor2d(seededValues(size * size, 12, 1), [size, size]);
  try {
    // Warm-up (shader compile, wasm tier-up): at least once, up to 3 times within ~40 ms.
    const w0 = now();
    for (let i = 0; i < 3 && (i === 0 || now() - w0 < 40); i++) {
      const warm = tf.matMul(a, b);
      await warm.data();
      warm.dispose();
    }
    let reps = 0;
    const t0 = now();
    let elapsed = 0;
    while (reps < BENCH_MAX_REPS && (reps === 0 || elapsed < budgetMs)) {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
      reps += 1;
      elapsed = now() - t0;
    }
    return (2 * size * size * size * reps) / (Math.max(elapsed, 0.01) * 1e6);
  } finally {
    a.dispose();
    b.dispose();
  }
}

/**
 * Picks the tfjs backend: a real WebGPU adapter first, then wasm, webgl, cpu; `force` wins when
 * it is available. Leaves the chosen backend active.
 */
export async function selectBackend(opts: SelectBackendOptions = {}): Promise<BackendSelection> {
  const started = now();
  configureWasm(opts.wasmPaths, opts.wasmThreads);
  restartWasmIfChanged();
  const gpu = await probeWebGpu();
  const candidates: BackendCandidate[] = [];
  const skipTiming = new Set<BackendName>();
  for (const name of BACKEND_ORDER) {
    if (name === 'webgpu' && !gpu.present) {
      candidates.push({ name, available: false, note: gpu.describe });
      continue;
    }
    if (name === 'webgpu' && gpu.fallback && opts.force !== 'webgpu') {
      // A software adapter never wins on its own, and starting tfjs on it costs seconds (SwiftShader):
      // list it, and start it only when asked for (force, matmulCheck).
      candidates.push({ name, available: true, note: `fallback adapter (${gpu.describe}); not timed` });
      skipTiming.add(name);
      continue;
    }
    const t0 = now();
    const available = await trySetBackend(name);
    const note =
      name === 'webgpu' ? (gpu.fallback ? `fallback adapter (${gpu.describe})` : gpu.describe) : undefined;
    const why = available ? note : [note, 'tfjs could not start it'].filter(Boolean).join('; ');
    candidates.push({ name, available, ...(why ? { note: why } : {}), ms: Math.round(now() - t0) });
  }

  const eligible = (c: BackendCandidate): boolean => c.available && !(c.name === 'webgpu' && gpu.fallback);
  const auto = candidates.find(eligible) ?? candidates.find((c) => c.available);
  if (!auto) throw new Error('no TensorFlow.js backend could be initialised');
  const forced = opts.force ? candidates.find((c) => c.name === opts.force) : undefined;
  const chosen = forced?.available ? forced : auto;

  for (const c of candidates) {
    if (!c.available || skipTiming.has(c.name)) continue;
    if (opts.measure === 'chosen' && c !== chosen) continue;
    if (!(await trySetBackend(c.name))) {
      c.available = false;
      c.note = 'failed on re-initialisation';
      continue;
    }
    const t0 = now();
    try {
      c.size = BENCH_SIZE[c.name];
      c.gflops = round1(await timeMatmul(c.size));
      c.ms = (c.ms ?? 0) + Math.round(now() - t0);
    } catch (e) {
      c.note = `matmul failed: ${oneLine(e)}`;
      if (c === chosen && c !== auto) return selectBackend({ ...opts, force: undefined });
    }
  }
  if (!(await trySetBackend(chosen.name))) throw new Error(`could not activate ${chosen.name}`);

  const wasm = candidates.some((c) => c.name === 'wasm' && c.available) ? await wasmThreading() : undefined;
  const g = globalThis as { crossOriginIsolated?: boolean };
  return {
    backend: chosen.name,
    reason: explain(chosen, auto, opts.force, gpu, candidates, wasm),
    candidates,
    measuredMs: Math.round(now() - started),
    ...(wasm ? { wasm } : {}),
    isolation: {
      crossOriginIsolated: g.crossOriginIsolated === true,
      sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    },
  };
}

function explain(
  chosen: BackendCandidate,
  auto: BackendCandidate,
  force: BackendName | undefined,
  gpu: WebGpuProbe,
  candidates: BackendCandidate[],
  wasm?: WasmThreading,
): string {
  const speed = (c: BackendCandidate): string =>
    c.gflops !== undefined ? `${c.gflops} GFLOP/s` : 'not timed';
  const parts: string[] = [];
  if (force && force === chosen.name) parts.push(`${force} chosen by you`);
  else if (force) parts.push(`${force} was asked for but is unavailable here; using ${auto.name}`);
  const webgpu = candidates.find((c) => c.name === 'webgpu');
  if (chosen.name !== 'webgpu' || gpu.fallback) {
    if (!gpu.present) parts.push(`no WebGPU (${gpu.describe})`);
    else if (gpu.fallback) {
      const t = webgpu?.gflops !== undefined && chosen !== webgpu ? `, ${webgpu.gflops} GFLOP/s` : '';
      parts.push(`webgpu adapter is a fallback (${gpu.describe}${t})`);
    } else if (!webgpu?.available) parts.push('webgpu adapter found but tfjs could not start it');
  } else {
    parts.push(`webgpu adapter: ${gpu.describe}`);
  }
  parts.push(`${chosen.name} ${speed(chosen)}`);
  const others = candidates
    .filter(
      (c) => c.available && c !== chosen && c.gflops !== undefined && !(c.name === 'webgpu' && gpu.fallback),
    )
    .map((c) => `${c.name} ${c.gflops}`);
  if (others.length) parts.push(`others: ${others.join(', ')} GFLOP/s`);
  if (wasm) parts.push(describeWasm(wasm));
  return parts.join('; ');
}

export interface MatmulCheck {
  backend: BackendName;
  /** A deterministic summary of matMul(A, B) -> relu -> softmax; equal across backends. */
  values: number[];
}

/**
 * Runs a fixed computation (seeded A·B, relu, row softmax) on `backend` and summarises it in a
 * few positive numbers that must agree across backends. Restores the previous backend.
 */
export async function matmulCheck(backend: BackendName, size = 64): Promise<MatmulCheck> {
  const previous = tf.getBackend();
  if (!(await trySetBackend(backend))) throw new Error(`${backend} is not available here`);
  try {
    const scale = 2 / Math.sqrt(size);
    const a = tf.tensor2d(seededValues(size * size, 1, scale), [size, size]);
    const b = tf.tensor2d(seededValues(size * size, 2, scale), [size, size]);
    const out = tf.tidy(() => {
      const m = tf.matMul(a, b);
      const r = tf.relu(m);
      const s = tf.softmax(m);
      const index = tf.range(0, size, 1, 'float32');
      const expectedIndex = tf.sum(tf.mul(s, index), 1).slice([0], [Math.min(8, size)]);
      const firstRow = tf.mul(s.slice([0, 0], [1, Math.min(8, size)]).reshape([-1]), size);
      return tf.concat([
        tf.stack([tf.sum(r), tf.max(r), tf.mean(tf.square(m)), tf.sum(s)]),
        expectedIndex,
        firstRow,
      ]);
    });
    const values = Array.from(await out.data());
    tf.dispose([a, b, out]);
    return { backend, values };
  } finally {
    if (previous && previous !== backend) await trySetBackend(previous as BackendName);
  }
}

/** Deterministic values in [-scale, scale) from a small LCG (identical in every runtime). */
export function seededValues(n: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

function round1(x: number): number {
  return x >= 10 ? Math.round(x * 10) / 10 : Math.round(x * 100) / 100;
}

function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].slice(0, 200);
}
