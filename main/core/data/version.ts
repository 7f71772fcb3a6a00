// Versions written into every dataset header. Bump GENERATOR_VERSION whenever the same spec would produce
// different bytes (sampler, integrator, renderer changes); bump FORMAT_VERSION when the file layout changes.
export const DATASET_FORMAT = 'hamiltonian-studio-dataset';
export const FORMAT_VERSION = 1;
export const GENERATOR_VERSION = 'datagen-1';
/** First four bytes of every dataset file. */
export const DATASET_MAGIC = Uint8Array.of(0x48, 0x53, 0x44, 0x53); // "HSDS"
