// What the app knows about its host: version, mode, backends; and whether the connection is up.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo } from '../../../preload/contract';
import { useApi } from '../api/instance';

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const connected = ref(false);
  const connectionError = ref<string | null>(null);
  async function load(): Promise<void> {
    info.value = await useApi().app.info();
    connected.value = true;
  }
  function lost(reason: string): void {
    connected.value = false;
    connectionError.value = reason;
  }
  return { info, connected, connectionError, load, lost };
});
