// Format identity and version. Bump CURRENT_FORMAT_VERSION with a migration in migrate.ts and a schema folder.
export const FORMAT_ID = 'hamiltonian-studio-project';
export const CURRENT_FORMAT_VERSION = 2;
/** The oldest version this app still reads (through migrations). */
export const OLDEST_FORMAT_VERSION = 1;
export const PROJECT_EXTENSION = '.hsproj';
