// Which arrays of a run an export uses: final weights or a checkpoint's; the latest (or a chosen) saved rollout
// or set of samples.
import { ProjectError, type NamedTensors, type RunRecord, type SavedArrays, type Tensor } from '../../../project';

export interface WeightsChoice {
  /** 'final' (default: final weights, else the latest checkpoint), 'latest' (latest checkpoint) or a checkpoint id. */
  checkpoint?: string;
}

export function selectWeights(run: RunRecord, choice: WeightsChoice = {}): { tensors: NamedTensors; source: string; step: number } {
  const which = choice.checkpoint ?? 'final';
  if (which === 'final' && run.weights) return { tensors: run.weights.tensors, source: 'final weights', step: run.progress.step };
  const byStep = [...run.checkpoints].sort((a, b) => a.step - b.step);
  const cp = which === 'final' || which === 'latest' ? byStep.at(-1) : run.checkpoints.find((c) => c.id === which);
  if (!cp) {
    const known = run.checkpoints.map((c) => c.id).join(', ') || 'none';
    throw new ProjectError('invalid', `run "${run.id}" has ${which === 'final' || which === 'latest' ? 'no weights and no checkpoints' : `no checkpoint "${which}" (checkpoints: ${known})`}`);
  }
  return { tensors: cp.weights, source: `checkpoint "${cp.id}"`, step: cp.step };
}

/** The saved item `id`, or the latest of one of `kinds`; its tensor named `prefer` (or its first). */
export function selectSaved(run: RunRecord, kinds: string[], prefer: string[], id?: string): { item: SavedArrays; name: string; tensor: Tensor } {
  // Without a choice, a rollout export is the model's prediction (the HGN and PixelHNN runs save it as
  // rollout-frames next to the ground truth and latents); otherwise the latest item of the kind.
  const item = id
    ? run.saved.find((s) => s.id === id)
    : (kinds.includes('rollout') ? run.saved.find((s) => s.id === 'rollout-frames') : undefined) ?? [...run.saved].reverse().find((s) => kinds.includes(s.kind));
  if (!item) {
    throw new ProjectError('invalid', id ? `run "${run.id}" has no saved item "${id}"` : `run "${run.id}" has no saved ${kinds.join(' or ')}`);
  }
  const name = prefer.find((n) => n in item.tensors) ?? Object.keys(item.tensors)[0];
  if (!name) throw new ProjectError('invalid', `saved item "${item.id}" of run "${run.id}" holds no arrays`);
  return { item, name, tensor: item.tensors[name] };
}
