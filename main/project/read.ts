// Opening a project: list and check the archive, read the manifest, refuse unknown future versions, read and
// check every JSON part, migrate old versions, then stream the blobs. Any failure is a ProjectError with a code.
import { decodeProject } from './decode';
import { messageOf, ProjectError, quoteName } from './errors';
import { describeValue, jsonProblem } from './json';
import { futureVersion, readCurrentParts } from './migrate';
import type { Project } from './project';
import { JsonParts } from './schema/json-parts';
import { CURRENT_FORMAT_VERSION, FORMAT_ID } from './version';
import { Archive, type ArchiveSource } from './zip/archive';
import { checkInflation } from './zip/budget';
import { DEFAULT_READ_LIMITS, type ReadLimits } from './zip/limits';

export interface ReadOptions {
  limits?: Partial<ReadLimits>;
}

export interface ProjectProbe {
  formatVersion: number;
  appVersion: string;
  name: string | null;
  modifiedAt: string | null;
  fileBytes: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function readJson(archive: Archive, name: string): Promise<unknown> {
  const entry = archive.get(name)!;
  const bytes = await archive.read(entry);
  let text: string;
  let value: unknown;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ProjectError('bad-json', `${name} is not valid UTF-8 text`);
  }
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ProjectError('bad-json', `${name} is not valid JSON: ${messageOf(e)}`);
  }
  const problem = jsonProblem(value);
  if (problem) throw new ProjectError('bad-json', `${name}: ${problem}`);
  return value;
}

/** The format version a manifest declares; refuses other formats and future versions. */
function sniffManifest(manifest: unknown): { version: number; appVersion: string; name: string | null; modifiedAt: string | null } {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new ProjectError('not-a-project', 'manifest.json is not an object: this is not a Hamiltonian Studio project');
  }
  const m = manifest as Record<string, unknown>;
  if (m.format === undefined) throw new ProjectError('not-a-project', 'manifest.json names no format: this is not a Hamiltonian Studio project');
  if (m.format !== FORMAT_ID) {
    throw new ProjectError('not-a-project', `manifest.json describes format ${describeValue(m.format)}, not "${FORMAT_ID}": this is not a Hamiltonian Studio project`);
  }
  const version = m.formatVersion ?? m.version;
  if (version === undefined) throw new ProjectError('schema', 'manifest.json has no formatVersion');
  if (typeof version !== 'number') throw new ProjectError('schema', `manifest.json: formatVersion must be a number, not ${describeValue(version)}`);
  const appVersion = typeof m.appVersion === 'string' ? m.appVersion : typeof m.app === 'string' ? m.app : '';
  if (version > CURRENT_FORMAT_VERSION) throw futureVersion(version, appVersion.slice(0, 64));
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : null);
  return { version, appVersion: appVersion.slice(0, 64), name: str(m.name), modifiedAt: str(m.modifiedAt ?? m.savedAt) };
}

async function openChecked(source: ArchiveSource, limits: ReadLimits, reading: 'all' | 'manifest'): Promise<{ archive: Archive; manifest: unknown }> {
  const archive = await Archive.open(source, limits);
  try {
    checkInflation(archive, limits, reading);
    if (!archive.get('manifest.json')) {
      throw new ProjectError('not-a-project', 'the archive has no manifest.json: this is not a Hamiltonian Studio project');
    }
    return { archive, manifest: await readJson(archive, 'manifest.json') };
  } catch (e) {
    archive.close();
    throw e;
  }
}

/** Wraps anything unexpected so that callers only ever see ProjectErrors. */
function asProjectError(e: unknown): ProjectError {
  if (e instanceof ProjectError) return e;
  if (e instanceof RangeError) return new ProjectError('too-large', `the project does not fit in memory: ${e.message}`, { cause: e });
  return new ProjectError('corrupt', `the project cannot be read: ${messageOf(e)}`, { cause: e });
}

/** Opens the archive and its manifest, runs `use`, and always closes it; every failure becomes a ProjectError. */
async function withOpened<T>(
  source: ArchiveSource,
  options: ReadOptions,
  reading: 'all' | 'manifest',
  use: (archive: Archive, manifest: unknown, limits: ReadLimits) => Promise<T>,
): Promise<T> {
  const limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  let archive: Archive | null = null;
  try {
    const opened = await openChecked(source, limits, reading);
    archive = opened.archive;
    return await use(archive, opened.manifest, limits);
  } catch (e) {
    throw asProjectError(e);
  } finally {
    archive?.close();
  }
}

/** Opens, validates and decodes a project from a file path or from its bytes. */
export async function readProject(source: ArchiveSource, options: ReadOptions = {}): Promise<Project> {
  return withOpened(source, options, 'all', async (archive, manifest, limits) => {
    const { version } = sniffManifest(manifest);
    const unknown = archive.entries().find((e) => e.kind === 'unknown');
    if (unknown) throw new ProjectError('unexpected-entry', `${quoteName(unknown.name)} is not part of a version ${version} project`);
    const json = new Map<string, unknown>([['manifest.json', manifest]]);
    let jsonTotal = 0;
    for (const e of archive.entries()) {
      if (e.kind !== 'json' || e.name === 'manifest.json') continue;
      jsonTotal += e.uncompressedSize;
      if (jsonTotal > limits.maxJsonTotalBytes) throw new ProjectError('too-large', `the JSON parts exceed ${limits.maxJsonTotalBytes} bytes`);
      json.set(e.name, await readJson(archive, e.name));
    }
    const parts = new JsonParts(json);
    const current = readCurrentParts(version, parts);
    parts.assertAllTaken();
    return await decodeProject(current, archive, limits, version);
  });
}

/** Reads only the manifest: cheap, for recent lists, backups and recovery checks. Throws like readProject. */
export async function probeProject(source: ArchiveSource, options: ReadOptions = {}): Promise<ProjectProbe> {
  return withOpened(source, options, 'manifest', async (archive, manifest) => {
    const m = sniffManifest(manifest);
    return { formatVersion: m.version, appVersion: m.appVersion, name: m.name, modifiedAt: m.modifiedAt, fileBytes: archive.fileSize };
  });
}
