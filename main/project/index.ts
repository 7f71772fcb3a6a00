// The project file format's public surface.
export { ProjectError, PROJECT_ERROR_CODES, isProjectError, messageOf, type ProjectErrorCode } from './errors';
export { Project, completeRun, type CreateOptions } from './project';
export type * from './types';
export { ID_PATTERN } from './types';
export * from './tensors';
export type { JsonObject, JsonValue } from './json';
export { readProject, probeProject, type ReadOptions, type ProjectProbe } from './read';
export { writeProjectFile, projectToBuffer, projectZipStream, type WriteOptions, type SaveFileOptions, type WriteResult } from './write';
export { writeAtomic, cleanStaleTemps, backupPathOf, type AtomicWriteOptions } from './atomic';
export { DEFAULT_READ_LIMITS, type ReadLimits } from './zip/limits';
export { summarizeProject, summarizeRun, type ProjectSummary, type RunSummary, type DatasetSummary } from './summary';
export { CURRENT_FORMAT_VERSION, OLDEST_FORMAT_VERSION, FORMAT_ID, PROJECT_EXTENSION } from './version';
export { migrateV1toV2 } from './migrate';
export { checkpointFromHgn, hgnFromCheckpoint } from './adapters/hgn-checkpoint';
