import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const r = (p: string) => resolve(__dirname, p);

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // tfjs-core's gradients live in its ESM files only (its CommonJS node bundle registers none), so the
      // tfjs packages are bundled; native tfjs-node stays external (an addon).
      // Dawn's `webgpu` (an addon) stays external too; tfjs's WebGPU backend is bundled with the other backends.
      externalizeDeps: { exclude: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu'] },
      rollupOptions: {
        // Four Node entries share one bundle graph: the Electron main, browser mode, the CLI, the worker.
        input: {
          index: r('main/index.ts'),
          serve: r('main/serve.ts'),
          cli: r('main/cli.ts'),
          'training.worker': r('main/workers/training.worker.ts'),
        },
        output: { format: 'cjs', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only require 'electron': bundle everything into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: r('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: r('renderer'),
    plugins: [vue()],
    build: {
      outDir: r('out/renderer'),
      rollupOptions: { input: r('renderer/index.html') },
    },
  },
});
