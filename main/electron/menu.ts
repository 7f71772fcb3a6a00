// The application menu as data: a pure function from the app's state and a set of handlers to Electron's
// menu template, so it can be tested without Electron (only types are imported from it).
import type { MenuItemConstructorOptions } from 'electron';
import type { Theme } from '../services/settings/schema';

/** What the menu can ask the app to do; every clickable item calls exactly one of these. */
export interface MenuHandlers {
  newProject(): void;
  openProject(): void;
  openRecent(file: string): void;
  clearRecent(): void;
  save(): void;
  saveAs(): void;
  exportProject(): void;
  newRun(): void;
  pauseRun(): void;
  resumeRun(): void;
  cancelRun(): void;
  setTheme(theme: Theme): void;
  about(): void;
  documentation(): void;
}

export interface MenuState {
  platform: NodeJS.Platform;
  /** Development build: adds Reload and Toggle Developer Tools. */
  isDev: boolean;
  appName: string;
  /** Most recent first (used on Windows and Linux; macOS shows the OS's own list). */
  recent: readonly string[];
  theme: Theme;
}

/**
 * Accelerators Electron gives the roles used below (from its role table), so tests can check that ours do not
 * collide with them. Platform-specific ones are listed per platform.
 */
export function roleAccelerator(role: string, platform: NodeJS.Platform): string | undefined {
  const mac = platform === 'darwin';
  const table: Record<string, string | undefined> = {
    undo: 'CommandOrControl+Z',
    redo: mac ? 'Shift+CommandOrControl+Z' : 'Control+Y',
    cut: 'CommandOrControl+X',
    copy: 'CommandOrControl+C',
    paste: 'CommandOrControl+V',
    selectAll: 'CommandOrControl+A',
    reload: 'CommandOrControl+R',
    toggleDevTools: mac ? 'Alt+Command+I' : 'Ctrl+Shift+I',
    resetZoom: 'CommandOrControl+0',
    zoomIn: 'CommandOrControl+Plus',
    zoomOut: 'CommandOrControl+-',
    togglefullscreen: mac ? 'Control+Command+F' : 'F11',
    quit: mac ? 'CommandOrControl+Q' : undefined,
    hide: mac ? 'Command+H' : undefined,
    hideOthers: mac ? 'Command+Alt+H' : undefined,
    close: 'CommandOrControl+W',
  };
  return table[role];
}

const sep: MenuItemConstructorOptions = { type: 'separator' };

function fileMenu(s: MenuState, h: MenuHandlers): MenuItemConstructorOptions {
  const mac = s.platform === 'darwin';
  // macOS keeps its own recent-documents list (fed by app.addRecentDocument); elsewhere we draw ours.
  const recent: MenuItemConstructorOptions = mac
    ? { id: 'file.openRecent', label: 'Open Recent', role: 'recentDocuments', submenu: [{ id: 'file.clearRecent', label: 'Clear Menu', role: 'clearRecentDocuments' }] }
    : {
        id: 'file.openRecent',
        label: 'Open Recent',
        submenu: [
          ...(s.recent.length
            ? s.recent.map((file, k): MenuItemConstructorOptions => ({ id: `file.recent.${k}`, label: file, click: () => h.openRecent(file) }))
            : [{ id: 'file.recent.none', label: 'No Recent Projects', enabled: false }]),
          sep,
          { id: 'file.clearRecent', label: 'Clear Recent', enabled: s.recent.length > 0, click: () => h.clearRecent() },
        ],
      };
  return {
    id: 'file',
    label: '&File',
    submenu: [
      { id: 'file.new', label: 'New Project', accelerator: 'CommandOrControl+N', click: () => h.newProject() },
      { id: 'file.open', label: 'Open…', accelerator: 'CommandOrControl+O', click: () => h.openProject() },
      recent,
      sep,
      { id: 'file.save', label: 'Save', accelerator: 'CommandOrControl+S', click: () => h.save() },
      { id: 'file.saveAs', label: 'Save As…', accelerator: 'Shift+CommandOrControl+S', click: () => h.saveAs() },
      { id: 'file.export', label: 'Export…', accelerator: 'CommandOrControl+E', click: () => h.exportProject() },
      ...(mac ? [sep, { id: 'file.close', role: 'close' } as MenuItemConstructorOptions] : [sep, { id: 'file.quit', label: 'Quit', role: 'quit', accelerator: 'Control+Q' } as MenuItemConstructorOptions]),
    ],
  };
}

function editMenu(): MenuItemConstructorOptions {
  return {
    id: 'edit',
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
}

function viewMenu(s: MenuState, h: MenuHandlers): MenuItemConstructorOptions {
  const dev: MenuItemConstructorOptions[] = s.isDev ? [{ id: 'view.reload', role: 'reload' }, { id: 'view.devtools', role: 'toggleDevTools' }, sep] : [];
  const theme = (t: Theme, label: string): MenuItemConstructorOptions => ({
    id: `view.theme.${t}`,
    label,
    type: 'radio',
    checked: s.theme === t,
    click: () => h.setTheme(t),
  });
  return {
    id: 'view',
    label: '&View',
    submenu: [
      ...dev,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
      sep,
      { id: 'view.theme', label: 'Theme', submenu: [theme('dark', 'Dark'), theme('light', 'Light')] },
    ],
  };
}

function runMenu(h: MenuHandlers): MenuItemConstructorOptions {
  // F-keys as in IDEs (F5 run, Shift+F5 stop): free on every platform and clear of the edit/view roles.
  return {
    id: 'run',
    label: '&Run',
    submenu: [
      { id: 'run.new', label: 'New Run…', accelerator: 'F5', click: () => h.newRun() },
      sep,
      { id: 'run.pause', label: 'Pause', accelerator: 'F6', click: () => h.pauseRun() },
      { id: 'run.resume', label: 'Resume', accelerator: 'F7', click: () => h.resumeRun() },
      { id: 'run.cancel', label: 'Cancel', accelerator: 'Shift+F5', click: () => h.cancelRun() },
    ],
  };
}

function helpMenu(s: MenuState, h: MenuHandlers): MenuItemConstructorOptions {
  const about: MenuItemConstructorOptions[] = s.platform === 'darwin' ? [] : [sep, { id: 'help.about', label: `About ${s.appName}`, click: () => h.about() }];
  return {
    id: 'help',
    label: '&Help',
    role: 'help',
    submenu: [{ id: 'help.docs', label: 'Documentation', accelerator: 'F1', click: () => h.documentation() }, ...about],
  };
}

/** macOS's application menu (About, Services, Hide, Quit), which sits before File there. */
function appMenu(s: MenuState, h: MenuHandlers): MenuItemConstructorOptions {
  return {
    id: 'app',
    label: s.appName,
    submenu: [
      { id: 'app.about', label: `About ${s.appName}`, click: () => h.about() },
      sep,
      { role: 'services' },
      sep,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      sep,
      { id: 'app.quit', role: 'quit' },
    ],
  };
}

export function buildMenuTemplate(state: MenuState, handlers: MenuHandlers): MenuItemConstructorOptions[] {
  return [
    ...(state.platform === 'darwin' ? [appMenu(state, handlers)] : []),
    fileMenu(state, handlers),
    editMenu(),
    viewMenu(state, handlers),
    runMenu(handlers),
    helpMenu(state, handlers),
  ];
}

/** Every item of a template, submenus included (depth first), for tests and for lookups by id. */
export function flattenMenu(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flattenMenu(item.submenu) : [])]);
}

/** What the main process tells the renderer when a menu item needs the page (event `app:menu`). */
export const MENU_EVENT = 'app:menu';
export type { MenuCommand, MenuCommandEvent } from '../../preload/contract';
