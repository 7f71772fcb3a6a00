// Remembers the main window's size, position, maximised and full-screen state across launches, in a small
// JSON file in the user-data folder. Pure logic plus file I/O; no electron import (the window and the
// displays' work areas are passed in), so it is tested in Node.
import { z } from 'zod';
import { readJsonFile, writeJsonAtomic } from '../files/json-file';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const coord = z.number().int().min(-100_000).max(100_000);
const extent = z.number().int().min(1).max(100_000);
export const WindowStateSchema = z.object({
  x: coord,
  y: coord,
  width: extent,
  height: extent,
  maximized: z.boolean().default(false),
  fullScreen: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const DEFAULT_SIZE = { width: 1400, height: 900 };
export const MIN_SIZE = { width: 800, height: 560 };
/** How much of the window's title strip must lie on a display for the saved position to be kept. */
const MIN_VISIBLE = 64;

/** The saved state, or null when the file is missing or invalid (invalid content is simply ignored). */
export function loadWindowState(file: string): WindowState | null {
  const read = readJsonFile(file, 64 * 1024);
  if (read.kind !== 'ok') return null;
  const parsed = WindowStateSchema.safeParse(read.value);
  return parsed.success ? parsed.data : null;
}

export function saveWindowState(file: string, state: WindowState): void {
  writeJsonAtomic(file, state);
}

function overlap(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const w = Math.min(a.x + a.width, b.x + b.width) - x;
  const h = Math.min(a.y + a.height, b.y + b.height) - y;
  return w > 0 && h > 0 ? { x, y, width: w, height: h } : null;
}

/** Centred on the first (primary) work area, at the default size clamped to fit. */
function centred(area: Rect, size: { width: number; height: number }): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
}

/**
 * The bounds to open the window with. The saved ones are kept when the window's top strip (where the title
 * bar is) is still visible on a display, sized down to fit that display; otherwise (monitor unplugged,
 * resolution changed) the window opens centred on the primary display. `workAreas[0]` is the primary.
 */
export function restoreBounds(saved: WindowState | null, workAreas: readonly Rect[]): Rect & { maximized: boolean; fullScreen: boolean } {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  const flags = { maximized: saved?.maximized ?? false, fullScreen: saved?.fullScreen ?? false };
  if (!saved) return { ...centred(primary, DEFAULT_SIZE), ...flags };
  const titleStrip: Rect = { x: saved.x, y: saved.y, width: saved.width, height: Math.min(saved.height, 40) };
  const home = workAreas.find((a) => {
    const o = overlap(titleStrip, a);
    return o !== null && o.width >= Math.min(MIN_VISIBLE, saved.width) && saved.y >= a.y;
  });
  if (!home) return { ...centred(primary, saved), ...flags };
  const width = Math.max(Math.min(saved.width, home.width), Math.min(MIN_SIZE.width, home.width));
  const height = Math.max(Math.min(saved.height, home.height), Math.min(MIN_SIZE.height, home.height));
  // Pull the window back inside the display if resizing pushed it over an edge.
  const x = Math.min(Math.max(saved.x, home.x), home.x + home.width - width);
  const y = Math.min(Math.max(saved.y, home.y), home.y + home.height - height);
  return { x, y, width, height, ...flags };
}

/** The parts of a BrowserWindow the tracker uses (a structural type: no electron import here). */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  on(event: 'close' | 'resize' | 'move', listener: () => void): unknown;
}

/** The state to save for `win`: its normal (un-maximised) bounds plus the flags. */
export function captureState(win: TrackedWindow): WindowState {
  const b = win.getNormalBounds();
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: win.isMaximized(), fullScreen: win.isFullScreen() };
}

/**
 * Saves the window's state when it closes, and after it has stopped moving or resizing for `delayMs` (so a
 * crash does not lose it). Write errors are reported through `onError` and never thrown into Electron.
 */
export function trackWindowState(win: TrackedWindow, file: string, opts: { delayMs?: number; onError?: (err: unknown) => void } = {}): () => void {
  const delay = opts.delayMs ?? 1000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    try {
      saveWindowState(file, captureState(win));
    } catch (err) {
      opts.onError?.(err);
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, delay);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', save);
  return save;
}
