// The open project of an app window: new / open / save / save as, the dirty marker, autosave to a sidecar (every
// few minutes and whenever the caller asks, e.g. on each checkpoint) and recovery of an autosave after a crash.
// Saves run one at a time; a save records the revision it wrote, so changes made while it ran stay dirty.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  Project, PROJECT_EXTENSION, ProjectError, readProject, summarizeProject, writeProjectFile, type ProjectSummary, type ReadOptions,
} from '../../project';
import { autosavePathOf, detectRecovery, untitledAutosaveDir, untitledRecoveries, type RecoveryInfo } from './autosave';
import { RecentProjects, type RecentEntry } from './recent';

export interface ProjectSessionOptions {
  /** The app's config folder: recent list and untitled autosaves live here. */
  configDir: string;
  appVersion: string;
  now?: () => Date;
  readOptions?: ReadOptions;
  maxRecent?: number;
}

/** What the renderer shows: title, dirty marker, file, summary. */
export interface ProjectState {
  path: string | null;
  name: string;
  dirty: boolean;
  revision: number;
  /** The manifest date of the version on disk, null if never saved. */
  savedAt: string | null;
  /** The format version the project was read from (older ones were migrated), null for a new project. */
  readFromVersion: number | null;
  summary: ProjectSummary;
}

export interface OpenResult {
  state: ProjectState;
  /** An autosave newer than the file: offer to recover it (call `recover`). */
  recovery: RecoveryInfo | null;
}

export const DEFAULT_AUTOSAVE_MS = 3 * 60_000;

export class ProjectSession {
  private current: Project;
  private file: string | null = null;
  private savedRevision = 0;
  private autosavedRevision = 0;
  private savedAt: string | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private readonly untitledId = randomBytes(6).toString('hex');
  readonly recentList: RecentProjects;

  constructor(private readonly opts: ProjectSessionOptions) {
    this.recentList = RecentProjects.inConfigDir(opts.configDir, opts.maxRecent);
    this.current = this.blank();
  }

  get project(): Project {
    return this.current;
  }

  get path(): string | null {
    return this.file;
  }

  get dirty(): boolean {
    return this.current.revision !== this.savedRevision;
  }

  state(): ProjectState {
    return {
      path: this.file,
      name: this.current.name,
      dirty: this.dirty,
      revision: this.current.revision,
      savedAt: this.savedAt,
      readFromVersion: this.current.meta.readFromVersion,
      summary: summarizeProject(this.current),
    };
  }

  /** Starts an empty, untitled project (the caller asks the user about unsaved changes first). */
  async newProject(name = 'Untitled'): Promise<ProjectState> {
    await this.dropAutosave();
    this.replace(this.blank(name), null, null);
    return this.state();
  }

  async open(file: string): Promise<OpenResult> {
    const abs = path.resolve(file);
    const project = await readProject(abs, this.opts.readOptions);
    const recovery = await detectRecovery(abs, this.opts.readOptions);
    await this.dropAutosave(autosavePathOf(abs));
    this.replace(project, abs, project.meta.modifiedAt);
    await this.recentList.add(abs, project.name, this.now());
    return { state: this.state(), recovery };
  }

  /**
   * Loads an autosave in place of the project: `recovery.path` stays the file to save to (null for an untitled
   * one). The recovered state is dirty until saved.
   */
  async recover(recovery: Pick<RecoveryInfo, 'path' | 'autosavePath'> & Partial<RecoveryInfo>): Promise<ProjectState> {
    const target = recovery.path && path.resolve(recovery.path);
    if (target && recovery.autosavePath !== autosavePathOf(target)) throw new ProjectError('invalid', `${recovery.autosavePath} is not the autosave of ${target}`);
    const project = await readProject(recovery.autosavePath, this.opts.readOptions);
    await this.dropAutosave(recovery.autosavePath);
    this.replace(project, target, recovery.fileModifiedAt ?? null, true);
    // The autosave stays until the recovered project is saved, so a second crash loses nothing either.
    if (!target) await this.moveUntitledAutosave(recovery.autosavePath);
    return this.state();
  }

  /** Deletes an autosave the user chose not to recover. */
  async discardRecovery(recovery: Pick<RecoveryInfo, 'autosavePath'>): Promise<void> {
    await fs.rm(recovery.autosavePath, { force: true });
  }

  /** Saves to the current file; a project never saved needs `saveAs`. */
  save(): Promise<ProjectState> {
    const file = this.file;
    if (!file) return Promise.reject(new ProjectError('invalid', 'this project has never been saved: choose a file with Save As'));
    return this.serial(() => this.writeTo(file));
  }

  /** Saves to `file` (".hsproj" is added when missing) and makes it the project's file. */
  saveAs(file: string): Promise<ProjectState> {
    const abs = path.resolve(path.extname(file) === PROJECT_EXTENSION ? file : file + PROJECT_EXTENSION);
    return this.serial(async () => {
      const previousAutosave = this.autosavePath();
      const state = await this.writeTo(abs);
      if (previousAutosave !== this.autosavePath()) await fs.rm(previousAutosave, { force: true });
      return state;
    });
  }

  /** Writes the sidecar autosave if anything changed since the last save or autosave; true if it wrote. */
  autosave(): Promise<boolean> {
    return this.serial(async () => {
      const revision = this.current.revision;
      if (revision === this.savedRevision || revision === this.autosavedRevision) return false;
      const target = this.autosavePath();
      await fs.mkdir(path.dirname(target), { recursive: true });
      await writeProjectFile(this.current, target, { appVersion: this.opts.appVersion, now: this.now(), backup: false });
      this.autosavedRevision = revision;
      return true;
    });
  }

  startAutosave(intervalMs = DEFAULT_AUTOSAVE_MS): void {
    this.stopAutosave();
    this.timer = setInterval(() => void this.autosave().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  stopAutosave(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  recent(): Promise<RecentEntry[]> {
    return this.recentList.list();
  }

  /** Untitled projects whose sessions crashed (offer these at startup). */
  untitledRecoveries(): Promise<RecoveryInfo[]> {
    return untitledRecoveries(this.opts.configDir, this.opts.readOptions);
  }

  /** Stops autosaving; with `discard`, removes the autosave (clean quit after saving or discarding changes). */
  async dispose(discard = false): Promise<void> {
    this.stopAutosave();
    await this.chain.catch(() => undefined);
    if (discard) await this.dropAutosave();
  }

  private autosavePath(): string {
    return this.file ? autosavePathOf(this.file) : path.join(untitledAutosaveDir(this.opts.configDir), `untitled-${this.untitledId}.hsproj.autosave`);
  }

  private async writeTo(file: string): Promise<ProjectState> {
    const revision = this.current.revision;
    const now = this.now();
    const { manifest } = await writeProjectFile(this.current, file, { appVersion: this.opts.appVersion, now });
    this.file = file;
    this.savedRevision = revision;
    this.savedAt = manifest.modifiedAt;
    this.current.meta.modifiedAt = manifest.modifiedAt;
    this.current.meta.appVersion = this.opts.appVersion;
    if (revision === this.current.revision) await fs.rm(this.autosavePath(), { force: true });
    await this.recentList.add(file, this.current.name, now);
    return this.state();
  }

  private async moveUntitledAutosave(from: string): Promise<void> {
    const to = this.autosavePath();
    if (from === to) return;
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.rename(from, to).catch(() => undefined);
  }

  /** Removes the current project's autosave (leaving it: the user saved or chose to discard its changes). */
  private async dropAutosave(keep?: string): Promise<void> {
    const target = this.autosavePath();
    if (target !== keep) await fs.rm(target, { force: true }).catch(() => undefined);
  }

  private replace(project: Project, file: string | null, savedAt: string | null, dirty = false): void {
    this.current = project;
    this.file = file;
    this.savedRevision = dirty ? project.revision - 1 : project.revision;
    this.autosavedRevision = project.revision;
    this.savedAt = savedAt;
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private blank(name = 'Untitled'): Project {
    return Project.create({ name, appVersion: this.opts.appVersion, now: this.now() });
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }
}
