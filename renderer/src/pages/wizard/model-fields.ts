// The wizard's model step, per model family: every hyperparameter it offers, read from the job kind's schema
// (preload/jobs/<kind>.ts: label, one-line help, bounds, published value, group, when it applies). Nothing about a
// field is written here: a field added to a schema with a group appears in this form.
import { CanonicalJobSchema, describeFields, FlowJobSchema, formFields, HgnModelSchema, HnnJobSchema, PixelHnnModelSchema, type FieldKind, type FieldValue, type FormField } from '../../../../preload/contract';

export type { FieldKind, FieldValue };
export type ModelField = FormField;

export const MODEL_FAMILIES = ['hgn', 'pixel-hnn', 'hnn', 'flow', 'canonical'] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

export const FAMILY_LABELS: Record<ModelFamily, string> = {
  hgn: 'HGN (Hamiltonian Generative Network)',
  'pixel-hnn': 'PixelHNN baseline (HNN with an autoencoder)',
  hnn: 'HNN on phase-space data (and its MLP baseline)',
  flow: 'Hamiltonian flow (density estimation)',
  canonical: 'Canonical transformation (action-angle coordinates)',
};

/** The model step's fields of each family: the described fields of its schema that a form shows. */
export const HGN_FIELDS: ModelField[] = formFields(HgnModelSchema.shape);
export const PIXEL_HNN_FIELDS: ModelField[] = formFields(PixelHnnModelSchema.shape);
export const HNN_FIELDS: ModelField[] = formFields(HnnJobSchema.shape);
export const FLOW_FIELDS: ModelField[] = formFields(FlowJobSchema.shape);
export const CANONICAL_FIELDS: ModelField[] = formFields(CanonicalJobSchema.shape);
/** The canonical job's trajectory data (the wizard's dataset step), in this order. */
export const CANONICAL_DATA_FIELDS: ModelField[] = ((keys: string[]) => {
  const all = describeFields(CanonicalJobSchema.shape);
  return keys.map((k) => all.find((f) => f.key === k)!);
})(['train', 'validation', 'test', 'seed', 'points', 'dt', 'energyMin', 'energyMax', 'eccentricityMin', 'eccentricityMax', 'amplitudeMin', 'amplitudeMax']);

export const FIELDS_OF: Record<ModelFamily, ModelField[]> = {
  hgn: HGN_FIELDS,
  'pixel-hnn': PIXEL_HNN_FIELDS,
  hnn: HNN_FIELDS,
  flow: FLOW_FIELDS,
  canonical: CANONICAL_FIELDS,
};
