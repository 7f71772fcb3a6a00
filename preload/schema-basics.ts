// Building blocks of the contract's schemas: backend names and bounded numbers.
import { z } from 'zod';

export const BACKEND_CHOICES = ['auto', 'tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export const BackendChoiceSchema = z.enum(BACKEND_CHOICES);
export type BackendChoice = z.infer<typeof BackendChoiceSchema>;
export type BackendName = Exclude<BackendChoice, 'auto'>;

export const int = (min: number, max: number) => z.number().int().min(min).max(max);
export const real = (min: number, max: number) => z.number().min(min).max(max);
export const positive = (max: number) => z.number().positive().max(max);
