// One HGN update: the shared gradient step (training/step.ts) on the HGN's loss, reporting its terms.
import type { Adam } from '../../training/adam';
import { gradientStep } from '../../training/step';
import type { HgnBatch } from './batch';
import { hgnLoss, type KlWeight } from './loss';
import type { HgnModel } from './model';

export interface StepResult {
  recon: number;
  kl: number;
  objective: number;
  gradNorm: number;
  /** False when any of the above is NaN or infinite: nothing was applied. */
  finite: boolean;
}

export async function trainStep(
  m: HgnModel,
  optimizer: Adam,
  batch: HgnBatch,
  weight: KlWeight,
  sampleSeed: number | null,
  clipNorm: number,
): Promise<StepResult> {
  const loss = () => {
    const l = hgnLoss(m, batch, weight, sampleSeed);
    return { value: l.objective, parts: [l.recon, l.kl] };
  };
  const r = await gradientStep(m.params.vars, optimizer, loss, clipNorm);
  return { objective: r.loss, recon: r.parts[0], kl: r.parts[1], gradNorm: r.gradNorm, finite: r.finite };
}
