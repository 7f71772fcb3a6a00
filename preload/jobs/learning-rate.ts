// The learning rate and its schedule (core/training/lr-schedule.ts) as every job kind names, bounds and explains
// them: one definition, spread into each kind's schema, so a flow, a canonical transformation and an HGN say
// `learningRate`, `learningRateSchedule` and `learningRateFinal` alike (and the CLI `--lr`, `--lr-schedule`,
// `--lr-final`). Configs written before the names were one are read through `withCurrentNames`.
import { z } from 'zod';
import { LR_SCHEDULES, type LearningRateSchedule } from '../../main/core/training/lr-schedule';
import { positive } from '../schema-basics';
import { field, type FieldMeta, type FieldValues } from './fields';

type Group = FieldMeta['group'];

const rate = () => positive(1);
const schedule = () => z.enum(LR_SCHEDULES);
const finalFraction = () => z.number().gt(0).max(1);

const META = {
  learningRate: { label: 'Learning rate', help: 'Adam step size.', flag: 'lr' },
  learningRateSchedule: {
    label: 'Learning-rate schedule',
    help: "Constant, or a cosine down to the final fraction over the run's steps or time budget, whichever ends first.",
    flag: 'lr-schedule',
  },
  learningRateFinal: {
    label: 'Final learning-rate fraction',
    help: 'Where the cosine schedule ends, as a fraction of the learning rate.',
    flag: 'lr-final',
    when: (v: FieldValues) => v.learningRateSchedule === 'cosine',
  },
} satisfies Record<string, FieldMeta>;

/** Where a form shows each of the three (undefined: no form shows it), and the published rate where it differs. */
export interface LearningRatePlacement {
  group?: Group;
  scheduleGroup?: Group;
  paper?: number;
}

const placed = (group: Group | undefined, paper?: number) => ({ ...(group ? { group } : {}), ...(paper === undefined ? {} : { paper }) });

/** The learning rate alone, with its default (the kinds without a schedule: HNN). */
export function learningRateField(value: number, p: LearningRatePlacement = {}) {
  return field(rate().default(value), { ...META.learningRate, ...placed(p.group, p.paper) });
}

/** The learning rate alone, as a preset's override (undefined: the preset's value; PixelHNN). */
export function learningRateOverride(p: LearningRatePlacement = {}) {
  return field(rate().optional(), { ...META.learningRate, ...placed(p.group, p.paper) });
}

/** The rate and its schedule with the kind's defaults (flows, canonical transformations). */
export function scheduledLearningRateFields(d: { rate: number; schedule: LearningRateSchedule; final: number }, p: LearningRatePlacement = {}) {
  return {
    learningRate: learningRateField(d.rate, p),
    learningRateSchedule: field(schedule().default(d.schedule), { ...META.learningRateSchedule, ...placed(p.scheduleGroup) }),
    learningRateFinal: field(finalFraction().default(d.final), { ...META.learningRateFinal, ...placed(p.scheduleGroup) }),
  };
}

/** The rate and its schedule as a preset's overrides (undefined: the preset's value; HGN's model settings). */
export function scheduledLearningRateOverrides(p: LearningRatePlacement = {}) {
  return {
    learningRate: learningRateOverride(p),
    learningRateSchedule: field(schedule().optional(), { ...META.learningRateSchedule, ...placed(p.scheduleGroup) }),
    learningRateFinal: field(finalFraction().optional(), { ...META.learningRateFinal, ...placed(p.scheduleGroup) }),
  };
}

/** The names flows and canonical transformations used before (saved models, projects, sweep folders). */
const FORMER_NAMES: Record<string, string> = { lr: 'learningRate', lrSchedule: 'learningRateSchedule', lrFinalFraction: 'learningRateFinal' };

/** Today's name of a field that flows and canonical transformations called `key` before (undefined: none). */
export const formerNameOf = (key: string): string | undefined => FORMER_NAMES[key];

/**
 * A flow or canonical job config as saved before the learning-rate names were one, under today's names; anything
 * else unchanged. A config that already has the new name keeps it (the old one is then dropped).
 */
export function withCurrentNames<T>(config: T): T {
  if (!config || typeof config !== 'object' || Array.isArray(config)) return config;
  const kind = (config as { kind?: unknown }).kind;
  if (kind !== 'flow' && kind !== 'canonical') return config;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    const name = FORMER_NAMES[key];
    if (!name) out[key] = value;
    else if (!(name in (config as object))) out[name] = value;
  }
  return out as T;
}
