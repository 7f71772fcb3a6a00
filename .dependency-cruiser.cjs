// The rooms of the code and which way imports may go, checked by `npm run lint` (part of `npm test`). From the
// bottom: core (pure TypeScript on tfjs-core) <- engine, project, files <- jobs <- workers <- services <-
// transports (browser-mode, electron) <- entries (cli, index.ts, serve.ts). The contract (preload/) is shared by
// main and the renderer, so neither it nor the renderer may reach tfjs or Node. A rule broken here fails the
// build; test/lint/rooms.test.ts plants a violation of each kind to prove it.
const MAIN_ROOMS = ['core', 'engine', 'project', 'files', 'jobs', 'workers', 'services', 'browser-mode', 'electron', 'cli'];
/** What each room must not import: the rooms above it. */
const ABOVE = {
  core: MAIN_ROOMS.filter((r) => r !== 'core'),
  files: MAIN_ROOMS.filter((r) => r !== 'files'),
  engine: ['project', 'files', 'jobs', 'workers', 'services', 'browser-mode', 'electron', 'cli'],
  project: ['engine', 'jobs', 'workers', 'services', 'browser-mode', 'electron', 'cli'],
  jobs: ['project', 'workers', 'services', 'browser-mode', 'electron', 'cli'],
  workers: ['services', 'browser-mode', 'electron', 'cli'],
  services: ['browser-mode', 'electron', 'cli'],
  'browser-mode': ['jobs', 'workers', 'electron', 'cli'],
  electron: ['jobs', 'workers', 'browser-mode', 'cli'],
};

const upward = Object.entries(ABOVE).map(([room, above]) => ({
  name: `no-upward-from-${room}`,
  comment: `main/${room} may not import ${above.join(', ')} (they sit above it)`,
  severity: 'error',
  from: { path: `^main/${room}/` },
  to: { path: `^main/(${above.join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'main/core runs anywhere tfjs-core does: no Node built-ins, no electron (DOM types are kept out by tsconfig.core.json)',
      severity: 'error',
      from: { path: '^main/core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-no-electron',
      severity: 'error',
      from: { path: '^main/core/' },
      to: { path: '^electron$|(^|/)node_modules/electron/' },
    },
    {
      name: 'electron-only-in-its-room',
      comment: 'only main/electron, the Electron entry and the preload import electron',
      severity: 'error',
      from: { pathNot: '^(main/electron/|main/index\\.ts$|preload/index\\.ts$|test/)' },
      to: { path: '^electron$|(^|/)node_modules/electron/' },
    },
    {
      name: 'renderer-only-contract',
      comment: 'the renderer imports the contract and its own files (plus UI packages), nothing of main',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { pathNot: '^(renderer/|preload/(contract|wire)\\.ts$|node_modules/)' },
    },
    {
      name: 'renderer-no-main',
      comment: 'not even types from main: the renderer sees main only through the contract',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^main/' },
    },
    {
      name: 'contract-stays-light',
      comment: 'the contract is bundled into the renderer and the preload: it never reaches tfjs, Node or main beyond core constants',
      severity: 'error',
      from: { path: '^(preload/|renderer/)', pathNot: '^preload/index\\.ts$' },
      to: { path: '(^|/)node_modules/@tensorflow/|^main/(?!core/)', reachable: true },
    },
    {
      name: 'contract-no-node',
      severity: 'error',
      from: { path: '^(preload/|renderer/)', pathNot: '^preload/index\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
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
