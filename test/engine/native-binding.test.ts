// A tfjs-node package whose libtensorflow download failed is not a backend: `auto` must not predict or show it.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasNativeBinding } from '../../main/engine/backends';

function pkg(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-tfjs-node-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"@tensorflow/tfjs-node"}');
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), '');
  }
  return dir;
}

describe('hasNativeBinding', () => {
  it('is false for a package without its built binding (a failed install script)', () => {
    expect(hasNativeBinding(pkg(['dist/index.js', 'binding/tfjs_binding.cc']))).toBe(false);
    expect(hasNativeBinding(pkg(['lib/napi-v8/libtensorflow.so']))).toBe(false);
  });
  it('is true when any N-API version of the binding is there', () => {
    expect(hasNativeBinding(pkg(['dist/index.js', 'lib/napi-v8/tfjs_binding.node']))).toBe(true);
    expect(hasNativeBinding(pkg(['lib/napi-v9/tfjs_binding.node']))).toBe(true);
  });
});
