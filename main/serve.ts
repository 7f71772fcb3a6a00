// Browser-mode entry: the same services as the desktop app behind HTTP + WebSocket on loopback.
// No electron import. `node out/main/serve.js [--port N] [--host 127.0.0.1]` = `hamiltonian-studio serve`.
import { runCli } from './cli';

if (require.main === module) {
  void runCli(['serve', ...process.argv.slice(2)]).then((code) => process.exit(code));
}
