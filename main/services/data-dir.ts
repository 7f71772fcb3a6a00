// Where the app keeps its data (dataset cache, autosaves) when nobody says otherwise.
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(): string {
  if (process.env.HS_DATA_DIR) return path.resolve(process.env.HS_DATA_DIR);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'HamiltonianStudio');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'HamiltonianStudio');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'hamiltonian-studio');
}
