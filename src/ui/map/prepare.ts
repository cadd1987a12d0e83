// Work the map would otherwise do on its first frames after a scan, done ahead in idle moments:
// probing WebGL (60 ms on a software GL, once per page) and compiling the canvas draw loop. With
// the map drawn in a worker (offscreen.ts) neither happens on this thread: nothing to prepare.
import { warmUpDraw } from './canvas-points';
import { offscreenWanted } from './offscreen';
import { autoRenderer } from './points-renderer';

/** Rounds of the warm-up draw: enough for V8's optimising tier (see warmUpDraw for their cost). */
const WARM_ROUNDS = 40;

function whenIdle(job: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(job, { timeout: 2000 });
  else setTimeout(job, 50);
}

/** Probes the renderer and, when the map will draw on a canvas, warms its draw loop; idle time only. */
export function prepareMap(): void {
  if (offscreenWanted()) return;
  whenIdle(() => {
    if (autoRenderer() !== 'canvas') return;
    warmUpDraw(document.createElement('canvas'), WARM_ROUNDS, whenIdle);
  });
}
