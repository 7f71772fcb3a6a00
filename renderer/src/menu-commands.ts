// The desktop menu's commands that act on the page (Run menu, New run); project commands arrive with projects.
import type { Pinia } from 'pinia';
import { useApi } from './api/instance';
import { useJobs } from './stores/jobs';
import { useNav } from './stores/nav';
import { useNotifications } from './stores/notifications';

export function handleMenuCommands(pinia: Pinia): void {
  const jobs = useJobs(pinia);
  const nav = useNav(pinia);
  useApi().on('app:menu', ({ command }) => {
    const selected = jobs.selected[0];
    if (command === 'run:new') nav.go('new-run');
    else if (command === 'run:pause' && selected) void jobs.pause(selected);
    else if (command === 'run:resume' && selected) void jobs.resume(selected);
    else if (command === 'run:cancel' && selected) void jobs.cancel(selected);
    else if (command.startsWith('project:')) useNotifications(pinia).push('info', 'Projects are not available in this build yet.');
  });
}
