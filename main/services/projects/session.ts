// The open project of an app window: new / open / save / save as, the dirty marker, autosave to a sidecar (every
// few minutes and whenever the caller asks, e.g. on each checkpoint) and recovery of an autosave after a crash.
// Saves run one at a time; a save records the revision it wrote, so changes made while it ran stay dirty.
// A file that cannot be opened is not the end: its newer autosave and its .bak are offered first. Only offers this
// session handed out can be recovered or discarded (offers.ts): a request naming any other file is refused.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  messageOf, Project, PROJECT_EXTENSION, ProjectError, readProject, summarizeProject, writeProjectFile, type ProjectSummary, type ReadOptions,
} from '../../project';
import { autosavePathOf, detectBackup, detectRecovery, untitledAutosaveDir, untitledRecoveries, type RecoveryInfo } from './autosave';
import { HandedOutRecoveries, type RecoveryRequest } from './offers';
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
  /** The first of `recoveries`, or null. */
  recovery: RecoveryInfo | null;
  /**
   * What can be recovered (call `recover` with one): an autosave newer than the file; when the file cannot be
   * opened, also its .bak. Newest first.
   */
  recoveries: RecoveryInfo[];
  /** Why the file could not be opened (the session then keeps the project it had), or null when it opened. */
  openError: string | null;
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
  private readonly offered = new HandedOutRecoveries();
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
    let project: Project;
    try {
      project = await readProject(abs, this.opts.readOptions);
    } catch (e) {
      // Damaged or gone: offer what can be recovered of it before giving up. The open project stays as it is.
      const offers = [await detectRecovery(abs, this.opts.readOptions), await detectBackup(abs, this.opts.readOptions)].filter((o): o is RecoveryInfo => o !== null);
      if (offers.length === 0) throw e;
      this.offered.handOut(offers);
      return { state: this.state(), recovery: offers[0], recoveries: offers, openError: messageOf(e) };
    }
    const recovery = await detectRecovery(abs, this.opts.readOptions);
    await this.dropAutosave(autosavePathOf(abs));
    this.replace(project, abs, project.meta.modifiedAt);
    await this.recentList.add(abs, project.name, this.now());
    return { state: this.state(), recovery, recoveries: this.offered.handOut(recovery ? [recovery] : []), openError: null };
  }

  /**
   * Loads an offered autosave or backup in place of the project: the offer's `path` stays the file to save to
   * (null for an untitled one). The recovered state is dirty until saved. Refuses anything not offered.
   */
  async recover(request: RecoveryRequest): Promise<ProjectState> {
    const offer = this.offered.find(request);
    const project = await readProject(offer.autosavePath, this.opts.readOptions);
    this.offered.forget(offer.autosavePath);
    await this.dropAutosave(offer.autosavePath);
    this.replace(project, offer.path, offer.fileModifiedAt, true);
    // The autosave stays until the recovered project is saved, so a second crash loses nothing either; a backup
    // is the user's file and stays where it is.
    if (!offer.path && offer.kind === 'autosave') await this.moveUntitledAutosave(offer.autosavePath);
    return this.state();
  }

  /** Deletes an offered autosave the user chose not to recover (a backup is only no longer offered). */
  async discardRecovery(request: RecoveryRequest): Promise<void> {
    const offer = this.offered.find(request);
    this.offered.forget(offer.autosavePath);
    if (offer.kind === 'autosave') await fs.rm(offer.autosavePath, { force: true });
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
  async untitledRecoveries(): Promise<RecoveryInfo[]> {
    return this.offered.handOut(await untitledRecoveries(this.opts.configDir, this.opts.readOptions));
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
