// Electron entry: lifecycle, the window, and the services bound to ipcMain. Thin: everything else is shared
// with browser mode and the CLI.
import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import type { EventName, Events } from '../preload/contract';
import { createServices } from './services';
import { bindIpc } from './electron/ipc';
import { hardenContents, hardenSession } from './electron/security';

let window: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Hamiltonian Studio',
    backgroundColor: '#15181c',
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
    },
  });
  hardenContents(win.webContents);
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(path.join(__dirname, '../renderer/index.html'));
  return win;
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const emit = <E extends EventName>(event: E, payload: Events[E]) => window?.webContents.send(event, payload);
  const services = createServices({ mode: 'electron', emit });
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.whenReady().then(() => {
    hardenSession();
    bindIpc(services.dispatch);
    window = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) window = createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void services.dispose());
}

main();
