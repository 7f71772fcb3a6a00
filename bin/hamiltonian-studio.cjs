#!/usr/bin/env node
// `npx hamiltonian-studio`: the built CLI (run `npm run build` once after installing from source).
const path = require('node:path');
const fs = require('node:fs');
const built = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(built)) {
  console.error('hamiltonian-studio is not built yet: run `npm run build` (or use `npm run cli -- ...`).');
  process.exit(1);
}
require(built);
