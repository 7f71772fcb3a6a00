// The rooms of the code and which way imports may go, checked by `npm run lint` (part of `npm test`). From the
// bottom: core (pure TypeScript on tfjs-core) <- engine, project, files <- jobs <- workers <- services and sweeps
// (siblings: sweeps run jobs through the services' JobManager, the services serve sweeps) <- transports
// (browser-mode, electron) <- entries (cli, index.ts, serve.ts). The contract (preload/) is shared by
// main and the renderer, so neither it nor the renderer may reach tfjs or Node. A rule broken here fails the
// build; test/lint/rooms.test.ts plants a violation of each kind to prove it.
const MAIN_ROOMS = ['core', 'engine', 'project', 'files', 'jobs', 'workers', 'services', 'sweeps', 'browser-mode', 'electron', 'cli'];
/** What each room must not import: the rooms above it. */
const ABOVE = {
  core: MAIN_ROOMS.filter((r) => r !== 'core'),
  files: MAIN_ROOMS.filter((r) => r !== 'files'),
  engine: ['project', 'files', 'jobs', 'workers', 'services', 'sweeps', 'browser-mode', 'electron', 'cli'],
  project: ['engine', 'jobs', 'workers', 'services', 'sweeps', 'browser-mode', 'electron', 'cli'],
  jobs: ['project', 'workers', 'services', 'sweeps', 'browser-mode', 'electron', 'cli'],
  workers: ['services', 'sweeps', 'browser-mode', 'electron', 'cli'],
  services: ['browser-mode', 'electron', 'cli'],
  sweeps: ['browser-mode', 'electron', 'cli'],
  'browser-mode': ['jobs', 'workers', 'sweeps', 'electron', 'cli'],
  electron: ['jobs', 'workers', 'sweeps', 'browser-mode', 'cli'],
};

/** A forbidden dependency: from `from` to `to` (dependency-cruiser's path/dependencyTypes conditions). */
const rule = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });
const ELECTRON = { path: '^electron$|(^|/)node_modules/electron/' };
/** Code bundled into the renderer and the preload: the contract and the UI (the Electron preload itself aside). */
const SHARED = { path: '^(preload/|renderer/)', pathNot: '^preload/index\\.ts$' };

const upward = Object.entries(ABOVE).map(([room, above]) =>
  rule(`no-upward-from-${room}`, `main/${room} may not import ${above.join(', ')} (they sit above it)`, { path: `^main/${room}/` }, { path: `^main/(${above.join('|')})/` }),
);

module.exports = {
  forbidden: [
    rule('core-is-pure', 'main/core runs anywhere tfjs-core does: no Node built-ins (DOM types are kept out by tsconfig.core.json)', { path: '^main/core/' }, { dependencyTypes: ['core'] }),
    rule('core-no-electron', 'nor electron', { path: '^main/core/' }, ELECTRON),
    rule('electron-only-in-its-room', 'only main/electron, the Electron entry and the preload import electron', { pathNot: '^(main/electron/|main/index\\.ts$|preload/index\\.ts$|test/)' }, ELECTRON),
    rule('renderer-only-contract', 'the renderer imports the contract and its own files (plus UI packages), nothing of main', { path: '^renderer/' }, { pathNot: '^(renderer/|preload/(contract|wire)\\.ts$|node_modules/)' }),
    rule('renderer-no-main', 'not even types from main: the renderer sees main only through the contract', { path: '^renderer/' }, { path: '^main/' }),
    rule('contract-stays-light', 'the contract never reaches tfjs or main beyond core constants', SHARED, { path: '(^|/)node_modules/@tensorflow/|^main/(?!core/)', reachable: true }),
    rule('contract-no-node', 'nor Node built-ins', SHARED, { dependencyTypes: ['core'] }),
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|out|dist|native/onednn-kernels/build)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.vue', '.json', '.d.ts'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
