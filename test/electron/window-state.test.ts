import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SIZE, loadWindowState, restoreBounds, saveWindowState, trackWindowState, type Rect, type TrackedWindow, type WindowState } from '../../main/electron/window-state';

const primary: Rect = { x: 0, y: 25, width: 1920, height: 1055 };
const right: Rect = { x: 1920, y: 0, width: 1280, height: 1024 };
const state = (s: Partial<WindowState>): WindowState => ({ x: 100, y: 100, width: 1200, height: 800, maximized: false, fullScreen: false, ...s });

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-winstate-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('restoreBounds', () => {
  it('first launch: default size, centred on the primary display', () => {
    const b = restoreBounds(null, [primary, right]);
    expect(b).toEqual({ ...DEFAULT_SIZE, x: (1920 - 1400) / 2, y: 25 + Math.round((1055 - 900) / 2), maximized: false, fullScreen: false });
  });

  it('keeps a saved position that is on a display, on whichever display it was', () => {
    expect(restoreBounds(state({}), [primary, right])).toMatchObject({ x: 100, y: 100, width: 1200, height: 800 });
    expect(restoreBounds(state({ x: 2000, y: 50 }), [primary, right])).toMatchObject({ x: 2000, y: 50 });
  });

  it('a window whose display is gone comes back centred on the primary, keeping its size when it fits', () => {
    const b = restoreBounds(state({ x: 2500, y: 100, width: 1000, height: 700 }), [primary]);
    expect(b).toMatchObject({ width: 1000, height: 700, x: 460 });
    expect(b.y).toBeGreaterThanOrEqual(primary.y);
  });

  it('a title bar above the top of the screen or mostly off-screen is not kept', () => {
    expect(restoreBounds(state({ y: -300 }), [primary])).toMatchObject({ x: 360 });
    expect(restoreBounds(state({ x: 1900 }), [primary])).toMatchObject({ x: 360 });
  });

  it('shrinks a window larger than its display and pulls it back inside the edges', () => {
    const b = restoreBounds(state({ x: 1000, y: 100, width: 3000, height: 2000 }), [primary]);
    expect(b).toMatchObject({ x: 0, y: 25, width: 1920, height: 1055 });
    const c = restoreBounds(state({ x: 1500, y: 500, width: 1200, height: 800 }), [primary]);
    expect(c.x + c.width).toBeLessThanOrEqual(1920);
    expect(c.y + c.height).toBeLessThanOrEqual(25 + 1055);
  });

  it('keeps the maximised and full-screen flags', () => {
    expect(restoreBounds(state({ maximized: true }), [primary]).maximized).toBe(true);
    expect(restoreBounds(state({ fullScreen: true, x: 99_999 }), [primary]).fullScreen).toBe(true);
  });
});

describe('window state file', () => {
  it('round-trips through the JSON file', () => {
    const file = path.join(dir, 'window-state.json');
    saveWindowState(file, state({ x: 7, maximized: true }));
    expect(loadWindowState(file)).toEqual(state({ x: 7, maximized: true }));
  });

  it('a missing, corrupt or invalid file is ignored (null), never thrown', () => {
    const file = path.join(dir, 'window-state.json');
    expect(loadWindowState(file)).toBeNull();
    for (const bad of ['{', '[]', '{"x":"1","y":0,"width":10,"height":10}', '{"x":0,"y":0,"width":0,"height":10}', '{"x":1e9,"y":0,"width":10,"height":10}', 'null']) {
      fs.writeFileSync(file, bad);
      expect(loadWindowState(file), bad).toBeNull();
    }
    fs.writeFileSync(file, 'x'.repeat(100_000));
    expect(loadWindowState(file)).toBeNull();
  });
});

describe('trackWindowState', () => {
  function fakeWindow(bounds: Rect) {
    const listeners = new Map<string, Array<() => void>>();
    const win: TrackedWindow & { emit(e: string): void; bounds: Rect; max: boolean } = {
      bounds,
      max: false,
      getNormalBounds: () => win.bounds,
      isMaximized: () => win.max,
      isFullScreen: () => false,
      on: (e, fn) => listeners.set(e, [...(listeners.get(e) ?? []), fn]),
      emit: (e) => listeners.get(e)?.forEach((fn) => fn()),
    };
    return win;
  }

  it('saves on close, and after moves settle (debounced)', () => {
    vi.useFakeTimers();
    try {
      const file = path.join(dir, 'ws.json');
      const win = fakeWindow({ x: 10, y: 20, width: 1000, height: 700 });
      trackWindowState(win, file, { delayMs: 500 });
      win.emit('move');
      win.bounds = { x: 30, y: 40, width: 1000, height: 700 };
      win.emit('move');
      vi.advanceTimersByTime(499);
      expect(fs.existsSync(file)).toBe(false);
      vi.advanceTimersByTime(1);
      expect(loadWindowState(file)).toMatchObject({ x: 30, y: 40 });
      win.max = true;
      win.emit('close');
      expect(loadWindowState(file)).toMatchObject({ x: 30, y: 40, maximized: true });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a failing write is reported, not thrown into the window\'s event', () => {
    const blocked = path.join(dir, 'blocked');
    fs.mkdirSync(path.join(blocked, 'x'), { recursive: true });
    const errors: unknown[] = [];
    const win = fakeWindow({ x: 0, y: 0, width: 900, height: 600 });
    trackWindowState(win, blocked, { onError: (e) => errors.push(e) });
    expect(() => win.emit('close')).not.toThrow();
    expect(errors.length).toBe(1);
  });
});
