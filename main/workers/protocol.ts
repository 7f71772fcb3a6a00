// The typed message union between the JobManager and a training worker (Signal Desktop's pattern:
// tagged unions, errors as plain {name, message, stack}). One worker may host several jobs in turn.
import type { BackendChoice, BackendName, ErrorInfo, JobConfig, MarkKind, MetricRow, ArtifactData } from '../../preload/contract';

export interface WorkerInit {
  backend: BackendChoice;
  /** Threads for the oneDNN convolutions of this worker's jobs (settings: threads per job). */
  nativeThreads?: number;
  /** Mixed precision for this worker's first-order convolutions (settings: bf16 convolutions). */
  bf16Convs?: boolean;
}

export type ToWorker =
  | { type: 'start'; jobId: string; config: JobConfig }
  | { type: 'cancel'; jobId: string }
  | { type: 'pause'; jobId: string }
  | { type: 'resume'; jobId: string };

export type FromWorker =
  | { type: 'ready'; backend: BackendName; device: string }
  /** The backend failed to load: every job sent to this worker fails with it. */
  | { type: 'fatal'; error: ErrorInfo }
  /** memoryBytes: tensor memory of the worker's backend when sent; gpuBytes: GPU buffers held (webgpu only). */
  | { type: 'progress'; jobId: string; step: number; total: number; stepsPerSec: number; message?: string; memoryBytes?: number; gpuBytes?: number }
  | { type: 'metrics'; jobId: string; rows: MetricRow[]; sentAt: number }
  | { type: 'log'; jobId: string; level: 'info' | 'warn'; message: string }
  | { type: 'mark'; jobId: string; step: number; kind: MarkKind; message: string }
  | { type: 'artifact'; jobId: string; name: string; data: ArtifactData; internal?: boolean }
  | { type: 'error'; jobId: string; error: ErrorInfo }
  | { type: 'done'; jobId: string; status: 'completed' | 'cancelled'; result: Record<string, number> | null };
