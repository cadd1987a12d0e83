// A Vite plugin that lets @tensorflow/tfjs-backend-wasm's threaded build survive bundling.
//
// Why it broke ("e is not defined" in the pthread workers): tfjs starts each pthread worker from a
// Blob holding `var WasmBackendModuleThreadedSimd = ` + the Emscripten factory's `toString()`. That
// factory is the inner function of
//     var WasmBackendModuleThreadedSimd = (() => { var _scriptDir = …; return (function (M) { … }) })();
// and reads the outer `_scriptDir` through `typeof _scriptDir !== "undefined" && _scriptDir`. Once the
// bundle is minified, `_scriptDir` is renamed (to `e`, say) and, since the minifier can see it is
// declared, the `typeof` guard is folded to `e !== void 0 && e`. The function's text is then carried
// into a worker where no `e` exists: a ReferenceError before the thread starts.
//
// The fix: declare `_scriptDir` inside the factory as well, so its text needs nothing from outside.
// In a browser worker `document` is absent, so the value is undefined, as it was outside.
//
// Two more edits make the threads count what we ask for (src/core/model/backend.ts sets it with
// setThreadsCount, one per logical core):
//   - tfjs caps the XNNPACK pool at `emscripten_num_logical_cores() / 2` (it assumes two
//     hyperthreads per core), so on a 2-core machine it ran one thread whatever was asked. The core
//     count it sees is doubled, so the cap is the real core count.
//   - Emscripten starts a fixed pool of 8 pthread workers (each one instantiates the module: memory);
//     it starts min(8, cores) instead, which is what the XNNPACK pool can use.
import type { Plugin } from 'vite';

const FILE = /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
const FACTORY_START =
  'function(WasmBackendModuleThreadedSimd) {\n  WasmBackendModuleThreadedSimd = WasmBackendModuleThreadedSimd || {};\n';
const OWN_SCRIPT_DIR =
  "var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;\n";

const CORES =
  'if(ENVIRONMENT_IS_NODE)return require("os").cpus().length;return navigator["hardwareConcurrency"]';
const POOL = 'var pthreadPoolSize=8;';
const CORES_JS =
  'Math.max(1,Math.min(8,(typeof navigator!=="undefined"&&navigator["hardwareConcurrency"])||1))';

function replaceOnce(code: string, from: string, to: string): string {
  const at = code.indexOf(from);
  if (at < 0 || code.indexOf(from, at + 1) >= 0)
    throw new Error(
      `tfjs-wasm-threads: the threaded Emscripten build has changed shape (${JSON.stringify(from.slice(0, 40))}…); ` +
        'check scripts/tfjs-wasm-threads.ts',
    );
  return code.slice(0, at) + to + code.slice(at + from.length);
}

/** The threaded build's factory made self-contained, with the pool sized to the cores (see above). */
export function patchThreadedBuild(code: string): string {
  let out = replaceOnce(code, FACTORY_START, FACTORY_START + OWN_SCRIPT_DIR);
  out = replaceOnce(
    out,
    CORES,
    CORES.replace('return navigator["hardwareConcurrency"]', `return 2*${CORES_JS}`),
  );
  out = replaceOnce(out, POOL, `var pthreadPoolSize=${CORES_JS};`);
  return out;
}

export function tfjsWasmThreads(): Plugin {
  return {
    name: 'assay-tfjs-wasm-threads',
    enforce: 'pre',
    transform(code, id) {
      if (!FILE.test(id.split('?')[0])) return null;
      return { code: patchThreadedBuild(code), map: null };
    },
  };
}
