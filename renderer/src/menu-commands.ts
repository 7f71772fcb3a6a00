// The desktop menu's commands that act on the page (Run menu, New run); project commands arrive with projects.
import type { Pinia } from 'pinia';
import { useApi } from './api/instance';
import { useJobs } from './stores/jobs';
import { useNav } from './stores/nav';
import { useNotifications } from './stores/notifications';
import { useProject } from './stores/project';

export function handleMenuCommands(pinia: Pinia): void {
  const jobs = useJobs(pinia);
  const nav = useNav(pinia);
  const project = useProject(pinia);
  useApi().on('app:menu', ({ command, path }) => {
    const selected = jobs.selected[0];
    if (command === 'run:new') nav.go('new-run');
    else if (command === 'run:pause' && selected) void jobs.pause(selected);
    else if (command === 'run:resume' && selected) void jobs.resume(selected);
    else if (command === 'run:cancel' && selected) void jobs.cancel(selected);
    else if (command === 'project:new') void project.create();
    else if (command === 'project:open' && path) void project.open(path);
    else if (command === 'project:save') void project.save();
    else if (command === 'project:save-as' && path) void project.saveAs(path);
    else if (command === 'project:export') useNotifications(pinia).push('info', 'Export from the CLI for now: hamiltonian-studio export PROJECT --run ID --what ...');
  });
}
