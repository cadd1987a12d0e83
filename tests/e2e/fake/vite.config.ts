// Builds the app with tests/e2e/fake/pipeline.ts in place of src/core/pipeline (UI contract test).
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vite';
import base from '../../../vite.config';

const fake = fileURLToPath(new URL('./pipeline.ts', import.meta.url));

export default defineConfig((env) =>
  mergeConfig(base(env), {
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    resolve: { alias: [{ find: /^.*\/core\/pipeline$/, replacement: fake }] },
  }),
);
