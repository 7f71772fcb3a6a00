// The desktop integration around the window: native menu, remembered window bounds, About box, theme, recent
// projects and files opened by the OS. Electron glue only: the logic lives in menu.ts, window-state.ts,
// about.ts and open-file.ts (tested in Node); the recent list is the project session's (services/projects/recent.ts).
import path from 'node:path';
import { app, BrowserWindow, clipboard, dialog, Menu, nativeTheme, screen, shell, type BrowserWindowConstructorOptions } from 'electron';
import { version as tfjsVersion } from '@tensorflow/tfjs-core/package.json';
import pkg from '../../package.json';
import { predictBackend } from '../engine/backends';
import type { Services } from '../services';
import type { SettingsStore, Theme } from '../services/settings';
import { aboutText, activeBackend, type AboutInfo } from './about';
import { buildMenuTemplate, MENU_EVENT, type MenuCommand, type MenuCommandEvent, type MenuHandlers } from './menu';
import { PendingOpen, projectFromArgv } from './open-file';
import { PROJECT_EXTENSION } from '../project/version';
import { loadWindowState, MIN_SIZE, restoreBounds, trackWindowState } from './window-state';

export const SETTINGS_CHANGED_EVENT = 'settings:changed';
const PROJECT_FILTER = { name: 'Hamiltonian Studio Project', extensions: [PROJECT_EXTENSION.slice(1)] };
const BACKGROUND: Record<Theme, string> = { dark: '#15181c', light: '#f4f6f8' };

export interface DesktopShellOptions {
  services: Services;
  settings: SettingsStore;
  getWindow(): BrowserWindow | null;
  /** Opens the main window when a file arrives while none is open (macOS keeps running without one). */
  ensureWindow(): void;
}

export interface DesktopShell {
  /** Bounds, icon and background for the main window (restored from the last session). */
  windowOptions(): BrowserWindowConstructorOptions;
  /** Called once the window exists: maximise/full-screen as saved, track bounds, deliver opened files. */
  attach(win: BrowserWindow): void;
  /** Files named on a command line (first launch, or a second launch forwarded by the single-instance lock). */
  openFromArgv(argv: readonly string[], cwd: string): void;
  /** Builds the application menu; call after `app` is ready. */
  installMenu(): void;
  /** What the About box shows (also for an `app:about` request). */
  aboutInfo(): AboutInfo;
}

function runtimeIcon(): string {
  return app.isPackaged ? path.join(process.resourcesPath, 'icon.png') : path.join(app.getAppPath(), 'resources/icons/icon.png');
}

/** Registers the OS hooks at once (macOS sends open-file before `ready`); the rest waits for the window. */
export function createDesktopShell(opts: DesktopShellOptions): DesktopShell {
  const { services, settings, getWindow } = opts;
  const userData = app.getPath('userData');
  const pending = new PendingOpen();
  const stateFile = path.join(userData, 'window-state.json');
  nativeTheme.themeSource = settings.get().theme;

  const send = (event: MenuCommandEvent) => getWindow()?.webContents.send(MENU_EVENT, event);
  const command = (c: MenuCommand) => () => send({ command: c });
  const warn = (what: string) => (err: unknown) => console.warn(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  // One recent list for the app: the session's. The menu is built synchronously, so it reads a copy kept fresh here.
  const recent = services.projects.session.recentList;
  let recentFiles: string[] = [];
  const refreshRecent = () =>
    recent.list().then((entries) => {
      recentFiles = entries.filter((e) => e.exists).map((e) => e.path);
      installMenu();
    }, warn('Could not read the recent-projects list'));

  const remember = (file: string) => {
    void recent.add(file, path.basename(file, PROJECT_EXTENSION)).then(refreshRecent, warn('Could not update the recent-projects list'));
    app.addRecentDocument(file);
    installMenu();
  };

  const openProject = (file: string) => {
    remember(file);
    send({ command: 'project:open', path: file });
  };
  app.on('open-file', (event, file) => {
    event.preventDefault();
    pending.request(file);
    if (app.isReady() && !getWindow()) opts.ensureWindow();
  });

  async function chooseAndOpen(): Promise<void> {
    const win = getWindow();
    const options = { title: 'Open Project', defaultPath: settings.get().dataDir, filters: [PROJECT_FILTER], properties: ['openFile' as const] };
    const res = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (!res.canceled && res.filePaths[0]) openProject(res.filePaths[0]);
  }

  async function chooseAndSaveAs(): Promise<void> {
    const win = getWindow();
    const options = { title: 'Save Project As', defaultPath: path.join(settings.get().dataDir, `untitled${PROJECT_EXTENSION}`), filters: [PROJECT_FILTER] };
    const res = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (res.canceled || !res.filePath) return;
    const file = res.filePath.toLowerCase().endsWith(PROJECT_EXTENSION) ? res.filePath : res.filePath + PROJECT_EXTENSION;
    remember(file);
    send({ command: 'project:save-as', path: file });
  }

  function aboutInfo(): AboutInfo {
    const choice = settings.get().backend;
    const { backend, device } = activeBackend(services.jobs.list(), predictBackend(choice), choice);
    return {
      appName: app.getName(),
      appVersion: app.getVersion(),
      electron: process.versions.electron ?? '?',
      chrome: process.versions.chrome ?? '?',
      node: process.versions.node,
      v8: process.versions.v8,
      tfjs: tfjsVersion,
      platform: `${process.platform}-${process.arch}`,
      backend,
      device,
    };
  }

  async function showAbout(): Promise<void> {
    const { message, detail } = aboutText(aboutInfo());
    const options = { type: 'info' as const, title: `About ${app.getName()}`, message, detail, buttons: ['OK', 'Copy'], defaultId: 0, cancelId: 0 };
    const win = getWindow();
    const res = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
    if (res.response === 1) clipboard.writeText(`${message}\n${detail}`);
  }

  function openDocumentation(): void {
    const homepage = (pkg as { homepage?: unknown }).homepage;
    if (typeof homepage === 'string' && /^https:\/\//.test(homepage)) {
      void shell.openExternal(homepage);
      return;
    }
    // No web home yet: the README shipped with the app (extraResources) or the one in the source tree.
    const readme = app.isPackaged ? path.join(process.resourcesPath, 'docs', 'README.md') : path.join(app.getAppPath(), 'README.md');
    void shell.openPath(readme).then((error) => error && warn('Could not open the documentation')(error));
  }

  function setTheme(theme: Theme): void {
    try {
      settings.set({ theme });
    } catch (err) {
      warn('Could not save the theme')(err);
    }
    nativeTheme.themeSource = theme;
    getWindow()?.setBackgroundColor(BACKGROUND[theme]);
    getWindow()?.webContents.send(SETTINGS_CHANGED_EVENT, settings.snapshot());
    installMenu();
  }

  const handlers: MenuHandlers = {
    newProject: command('project:new'),
    openProject: () => void chooseAndOpen().catch(warn('Open failed')),
    openRecent: (file) => openProject(file),
    clearRecent: () => {
      void recent.clear().then(refreshRecent, warn('Could not clear the recent-projects list'));
      app.clearRecentDocuments();
      installMenu();
    },
    save: command('project:save'),
    saveAs: () => void chooseAndSaveAs().catch(warn('Save As failed')),
    exportProject: command('project:export'),
    newRun: command('run:new'),
    pauseRun: command('run:pause'),
    resumeRun: command('run:resume'),
    cancelRun: command('run:cancel'),
    setTheme,
    about: () => void showAbout().catch(warn('About failed')),
    documentation: openDocumentation,
  };

  function installMenu(): void {
    if (!app.isReady()) return;
    const template = buildMenuTemplate(
      { platform: process.platform, isDev: !app.isPackaged, appName: app.getName(), recent: recentFiles, theme: settings.get().theme },
      handlers,
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  return {
    windowOptions() {
      const bounds = restoreBounds(loadWindowState(stateFile), [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea));
      const { maximized: _m, fullScreen: _f, ...rect } = bounds;
      return { ...rect, minWidth: MIN_SIZE.width, minHeight: MIN_SIZE.height, icon: runtimeIcon(), backgroundColor: BACKGROUND[settings.get().theme] };
    },
    attach(win) {
      const saved = loadWindowState(stateFile);
      if (saved?.fullScreen) win.setFullScreen(true);
      else if (saved?.maximized) win.maximize();
      trackWindowState(win, stateFile, { onError: warn('Could not save the window state') });
      win.webContents.on('did-finish-load', () => pending.ready(openProject));
      win.on('closed', () => pending.notReady());
    },
    openFromArgv(argv, cwd) {
      const file = projectFromArgv(argv, cwd);
      if (file) pending.request(file);
    },
    installMenu() {
      installMenu();
      void refreshRecent();
    },
    aboutInfo,
  };
}
