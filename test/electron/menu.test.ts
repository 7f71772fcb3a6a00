import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, flattenMenu, roleAccelerator, type MenuHandlers, type MenuState } from '../../main/electron/menu';

type Call = [keyof MenuHandlers, unknown[]];

/** Handlers that record every call, so clicking an item can be traced to the handler it calls. */
function recorder(): { handlers: MenuHandlers; calls: Call[] } {
  const calls: Call[] = [];
  const handlers = new Proxy({} as MenuHandlers, {
    get: (_t, name) => (...args: unknown[]) => void calls.push([name as keyof MenuHandlers, args]),
  });
  return { handlers, calls };
}

const HANDLER_NAMES: Array<keyof MenuHandlers> = [
  'newProject', 'openProject', 'openRecent', 'clearRecent', 'save', 'saveAs', 'exportProject',
  'newRun', 'pauseRun', 'resumeRun', 'cancelRun', 'setTheme', 'about', 'documentation',
];

const VARIANTS: MenuState[] = (['darwin', 'linux', 'win32'] as const).flatMap((platform) =>
  [true, false].map((isDev) => ({ platform, isDev, appName: 'Hamiltonian Studio', recent: ['/p/a.hsproj', '/p/b.hsproj'], theme: 'dark' as const })),
);
const name = (s: MenuState) => `${s.platform}${s.isDev ? ' dev' : ''}`;

/** A canonical form of an accelerator on a platform: CmdOrCtrl resolved, modifiers sorted, case folded. */
function canonical(acc: string, platform: NodeJS.Platform): string {
  const mac = platform === 'darwin';
  const parts = acc.split('+').map((p) => p.trim());
  // 'CommandOrControl+Plus' style: the key is the last part; an empty part means the key was '+'.
  const key = parts.pop()!.toLowerCase() || 'plus';
  const mods = parts.map((m) => {
    const k = m.toLowerCase();
    if (k === 'commandorcontrol' || k === 'cmdorctrl') return mac ? 'cmd' : 'ctrl';
    if (k === 'command' || k === 'cmd' || k === 'super' || k === 'meta') return 'cmd';
    if (k === 'control' || k === 'ctrl') return 'ctrl';
    if (k === 'option' || k === 'alt' || k === 'altgr') return 'alt';
    return k;
  });
  return [...new Set(mods)].sort().concat(key).join('+');
}

function effectiveAccelerator(item: MenuItemConstructorOptions, platform: NodeJS.Platform): string | undefined {
  const acc = item.accelerator ?? (item.role ? roleAccelerator(item.role, platform) : undefined);
  return typeof acc === 'string' ? acc : undefined;
}

describe('application menu template', () => {
  for (const state of VARIANTS) {
    describe(name(state), () => {
      const { handlers, calls } = recorder();
      const template = buildMenuTemplate(state, handlers);
      const items = flattenMenu(template);

      it('has File, Edit, View, Run and Help menus (plus the app menu on macOS), in that order', () => {
        const ids = template.map((m) => m.id);
        expect(ids).toEqual([...(state.platform === 'darwin' ? ['app'] : []), 'file', 'edit', 'view', 'run', 'help']);
      });

      it('every item is a separator, a submenu, a role, a handler, or a disabled placeholder', () => {
        for (const item of items) {
          if (item.type === 'separator' || Array.isArray(item.submenu)) continue;
          const ok = typeof item.click === 'function' || typeof item.role === 'string' || item.enabled === false;
          expect(ok, JSON.stringify(item.label ?? item.id)).toBe(true);
          // A handler and a role together would do two things at once.
          expect(typeof item.click === 'function' && typeof item.role === 'string', String(item.id)).toBe(false);
        }
      });

      it('each clickable item calls one handler, and every handler is reachable', () => {
        const reached = new Set<keyof MenuHandlers>();
        for (const item of items) {
          if (typeof item.click !== 'function') continue;
          calls.length = 0;
          (item.click as () => void)();
          expect(calls.length, String(item.id)).toBe(1);
          reached.add(calls[0][0]);
        }
        const expected = HANDLER_NAMES.filter((h) => !(state.platform === 'darwin' && (h === 'openRecent' || h === 'clearRecent')));
        expect([...reached].sort()).toEqual([...expected].sort());
      });

      it('accelerators (explicit and the roles\' defaults) are unique', () => {
        const seen = new Map<string, string>();
        for (const item of items) {
          const acc = effectiveAccelerator(item, state.platform);
          if (!acc) continue;
          const key = canonical(acc, state.platform);
          const who = String(item.id ?? item.role ?? item.label);
          expect(seen.has(key), `${who} reuses ${acc} of ${seen.get(key)}`).toBe(false);
          seen.set(key, who);
        }
        expect(seen.size).toBeGreaterThan(10);
      });

      it('item ids are unique (tests and the app look items up by id)', () => {
        const ids = items.map((i) => i.id).filter((id): id is string => !!id);
        expect(new Set(ids).size).toBe(ids.length);
      });

      it('has the commands the issue lists', () => {
        const ids = new Set(items.map((i) => i.id));
        for (const id of ['file.new', 'file.open', 'file.openRecent', 'file.save', 'file.saveAs', 'file.export', 'run.new', 'run.pause', 'run.resume', 'run.cancel', 'help.docs', 'view.theme.dark', 'view.theme.light']) {
          expect(ids.has(id), id).toBe(true);
        }
        expect(items.some((i) => i.role === 'quit')).toBe(true);
        expect(items.some((i) => i.role === 'togglefullscreen')).toBe(true);
        expect(items.some((i) => i.id === 'help.about' || i.id === 'app.about')).toBe(true);
      });

      it(state.isDev ? 'offers Reload and DevTools in development' : 'hides Reload and DevTools in production', () => {
        const roles = new Set(items.map((i) => i.role));
        expect(roles.has('reload')).toBe(state.isDev);
        expect(roles.has('toggleDevTools')).toBe(state.isDev);
        expect(roles.has('forceReload')).toBe(false);
      });
    });
  }

  it('lists recent projects (most recent first) and opens the clicked one; empty list shows a placeholder', () => {
    const { handlers, calls } = recorder();
    const base: MenuState = { platform: 'linux', isDev: false, appName: 'HS', recent: ['/x/new.hsproj', '/x/old.hsproj'], theme: 'dark' };
    const items = flattenMenu(buildMenuTemplate(base, handlers));
    const recent = items.filter((i) => String(i.id).startsWith('file.recent.'));
    expect(recent.map((i) => i.label)).toEqual(['/x/new.hsproj', '/x/old.hsproj']);
    (recent[1].click as () => void)();
    expect(calls).toEqual([['openRecent', ['/x/old.hsproj']]]);
    const empty = flattenMenu(buildMenuTemplate({ ...base, recent: [] }, handlers));
    expect(empty.find((i) => i.id === 'file.recent.none')?.enabled).toBe(false);
    expect(empty.find((i) => i.id === 'file.clearRecent')?.enabled).toBe(false);
  });

  it('checks the current theme and switches with setTheme', () => {
    const { handlers, calls } = recorder();
    const items = flattenMenu(buildMenuTemplate({ platform: 'win32', isDev: false, appName: 'HS', recent: [], theme: 'light' }, handlers));
    expect(items.find((i) => i.id === 'view.theme.light')?.checked).toBe(true);
    expect(items.find((i) => i.id === 'view.theme.dark')?.checked).toBe(false);
    (items.find((i) => i.id === 'view.theme.dark')!.click as () => void)();
    expect(calls).toEqual([['setTheme', ['dark']]]);
  });

  it('the accelerator check does catch a collision', () => {
    expect(canonical('CommandOrControl+R', 'linux')).toBe(canonical('Ctrl+R', 'linux'));
    expect(canonical('CommandOrControl+R', 'darwin')).not.toBe(canonical('Ctrl+R', 'darwin'));
    expect(canonical('Shift+CommandOrControl+S', 'win32')).toBe(canonical('Ctrl+Shift+s', 'win32'));
  });
});
