import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import './styles/base.css';
import { connect } from './api';
import { setApi } from './api/instance';
import { useAppStore } from './stores/app';
import { useJobs } from './stores/jobs';
import { useDatasets } from './stores/datasets';
import { useSettings } from './stores/settings';
import { useProject } from './stores/project';
import { handleMenuCommands } from './menu-commands';

async function boot(): Promise<void> {
  const pinia = createPinia();
  const vueApp = createApp(App).use(pinia);
  const app = useAppStore(pinia);
  const connection = connect();
  setApi(connection.api);
  connection.onClose(() => app.lost('Disconnected from the Hamiltonian Studio server. Restart it and reload this page.'));
  vueApp.mount('#app');
  try {
    await connection.ready;
    await app.load();
    await useJobs(pinia).init();
    await useDatasets(pinia).init();
    await useSettings(pinia).init();
    await useProject(pinia).init();
    handleMenuCommands(pinia);
  } catch (err) {
    app.lost(err instanceof Error ? err.message : String(err));
  }
}

void boot();
