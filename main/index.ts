// Electron entry: lifecycle, the window, and the services bound to ipcMain. Thin: everything else is shared
// with browser mode and the CLI; desktop integration (menu, window state, About, opened files) is in electron/shell.ts.
import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import type { EventName, Events } from '../preload/contract';
import { createServices } from './services';
import { SettingsStore } from './services/settings';
import { bindIpc } from './electron/ipc';
import { hardenContents, hardenSession } from './electron/security';
import { createDesktopShell, type DesktopShell } from './electron/shell';

let window: BrowserWindow | null = null;
const RENDERER_PAGE = path.join(__dirname, '../renderer/index.html');

function createWindow(shell: DesktopShell): BrowserWindow {
  const win = new BrowserWindow({
    ...shell.windowOptions(),
    title: 'Hamiltonian Studio',
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
    },
  });
  hardenContents(win.webContents);
  shell.attach(win);
  win.on('closed', () => {
    if (window === win) window = null;
  });
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(RENDERER_PAGE);
  return win;
}

function main(): void {
  // Tests and portable setups point the profile (window state, recent list) elsewhere.
  if (process.env.HS_USER_DATA_DIR) app.setPath('userData', path.resolve(process.env.HS_USER_DATA_DIR));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const emit = <E extends EventName>(event: E, payload: Events[E]) => window?.webContents.send(event, payload);
  const settings = new SettingsStore();
  const services = createServices({ mode: 'electron', emit, settings });
  const shell: DesktopShell = createDesktopShell({
    services,
    settings,
    getWindow: () => window,
    ensureWindow: () => {
      window = createWindow(shell);
    },
  });
  shell.openFromArgv(process.argv.slice(1), process.cwd());
  app.on('second-instance', (_event, argv, cwd) => {
    shell.openFromArgv(argv.slice(1), cwd);
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.whenReady().then(() => {
    hardenSession();
    bindIpc(services.dispatch, { file: RENDERER_PAGE, devUrl: process.env.ELECTRON_RENDERER_URL });
    shell.installMenu();
    window = createWindow(shell);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) window = createWindow(shell);
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void services.dispose());
}

main();
