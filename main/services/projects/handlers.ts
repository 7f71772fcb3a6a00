// Suggested contract channels for projects, as handler functions over a ProjectSession. The request schemas are
// meant to move into preload/contract.ts (validated at the boundary like every other request); the handlers then
// bind one to one in services/index.ts.
import { z } from 'zod';
import type { ArtifactData } from '../../../preload/contract';
import type { JsonValue } from '../../project';
import { EXPORT_KINDS, exportRun, type ExportResult } from './export';
import { runFromJob, type JobSnapshot } from './from-job';
import { machineInfo } from './machine';
import type { RecentEntry } from './recent';
import type { RecoveryInfo } from './autosave';
import type { OpenResult, ProjectSession, ProjectState } from './session';
import { runView, savedArrays, type RunView } from './views';

const FilePath = z.string().min(1).max(4096);
const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected a run or item id');

export const projectRequestSchemas = {
  'projects:state': z.union([z.undefined(), z.null()]).transform(() => undefined),
  'projects:new': z.strictObject({ name: z.string().trim().min(1).max(200).optional() }),
  'projects:open': z.strictObject({ path: FilePath }),
  'projects:save': z.union([z.undefined(), z.null()]).transform(() => undefined),
  'projects:saveAs': z.strictObject({ path: FilePath }),
  'projects:recent': z.union([z.undefined(), z.null()]).transform(() => undefined),
  'projects:recoverable': z.union([z.undefined(), z.null()]).transform(() => undefined),
  'projects:recover': z.strictObject({ path: FilePath.nullable(), autosavePath: FilePath }),
  'projects:discardRecovery': z.strictObject({ path: FilePath.nullable(), autosavePath: FilePath }),
  'projects:addRun': z.strictObject({ jobId: z.string().regex(/^job-[0-9]{1,9}$/), datasetId: Id.optional() }),
  'projects:run': z.strictObject({ runId: Id }),
  'projects:savedArrays': z.strictObject({ runId: Id, savedId: Id }),
  'projects:setUi': z.strictObject({ state: z.unknown() }),
  'projects:export': z.strictObject({
    runId: Id,
    what: z.enum(EXPORT_KINDS),
    outDir: FilePath,
    checkpoint: z.string().max(64).optional(),
    saved: Id.optional(),
    sequence: z.number().int().min(0).max(1_000_000).optional(),
    scale: z.number().int().min(1).max(64).optional(),
    fps: z.number().positive().max(50).optional(),
  }),
} as const;

type Req<C extends keyof typeof projectRequestSchemas> = z.output<(typeof projectRequestSchemas)[C]>;

export interface ProjectResponses {
  'projects:state': ProjectState;
  'projects:new': ProjectState;
  'projects:open': OpenResult;
  'projects:save': ProjectState;
  'projects:saveAs': ProjectState;
  'projects:recent': RecentEntry[];
  'projects:recoverable': RecoveryInfo[];
  'projects:recover': ProjectState;
  'projects:discardRecovery': null;
  'projects:addRun': ProjectState;
  'projects:run': RunView;
  'projects:savedArrays': Record<string, ArtifactData>;
  'projects:setUi': ProjectState;
  'projects:export': ExportResult;
}

export type ProjectHandlers = {
  [C in keyof typeof projectRequestSchemas]: (req: Req<C>) => Promise<ProjectResponses[C]> | ProjectResponses[C];
};

export interface ProjectHandlerDeps {
  session: ProjectSession;
  appVersion: string;
  /** The JobManager's record of a job (its JobRecord has this shape). */
  jobSnapshot: (jobId: string) => JobSnapshot;
}

export function projectHandlers({ session, appVersion, jobSnapshot }: ProjectHandlerDeps): ProjectHandlers {
  return {
    'projects:state': () => session.state(),
    'projects:new': (r) => session.newProject(r.name),
    'projects:open': (r) => session.open(r.path),
    'projects:save': () => session.save(),
    'projects:saveAs': (r) => session.saveAs(r.path),
    'projects:recent': () => session.recent(),
    'projects:recoverable': () => session.untitledRecoveries(),
    'projects:recover': (r) => session.recover(r),
    'projects:discardRecovery': async (r) => (await session.discardRecovery(r), null),
    'projects:addRun': (r) => {
      session.project.addRun(runFromJob(jobSnapshot(r.jobId), { machine: machineInfo(appVersion), datasetId: r.datasetId }));
      return session.state();
    },
    'projects:run': (r) => runView(session.project.getRun(r.runId)),
    'projects:savedArrays': (r) => savedArrays(session.project.getRun(r.runId), r.savedId),
    'projects:setUi': (r) => {
      session.project.setUi(r.state as JsonValue); // validated (plain JSON, at most 1 MiB) by setUi
      return session.state();
    },
    'projects:export': (r) => {
      const { runId, what, outDir, ...opts } = r;
      return exportRun(session.project, runId, what, outDir, { appVersion, ...opts });
    },
  };
}
