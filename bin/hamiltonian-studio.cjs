#!/usr/bin/env node
// `npx hamiltonian-studio`: the built CLI (run `npm run build` once after installing from source).
const path = require('node:path');
const fs = require('node:fs');
const built = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(built)) {
  console.error('hamiltonian-studio is not built yet: run `npm run build` (or use `npm run cli -- ...`).');
  process.exit(1);
}
// cli.js runs itself only as the main module; required from here, it is called explicitly.
require(built)
  .runCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
