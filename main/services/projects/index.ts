// Projects on the Node side: the session the app binds to its contract channels, and the pieces it is made of.
export { ProjectSession, DEFAULT_AUTOSAVE_MS, type ProjectSessionOptions, type ProjectState, type OpenResult } from './session';
export { RecentProjects, type RecentEntry } from './recent';
export { autosavePathOf, detectRecovery, untitledRecoveries, type RecoveryInfo } from './autosave';
export { runFromJob, type JobSnapshot, type FromJobOptions } from './from-job';
export { machineInfo } from './machine';
export { exportRun, EXPORT_KINDS, type ExportKind, type ExportOptions, type ExportResult } from './export';
export { runView, savedArrays, artifactOf, type RunView, type TensorInfo } from './views';
export { projectHandlers, projectRequestSchemas, type ProjectHandlers, type ProjectResponses, type ProjectHandlerDeps } from './handlers';
