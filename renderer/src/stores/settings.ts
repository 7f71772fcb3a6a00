// The user's settings (default backend, workers, folders, theme), applied live; the theme is set on <html>.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SettingsPatch, SettingsSnapshot } from '../../../preload/contract';
import { useApi } from '../api/instance';

export const useSettings = defineStore('settings', () => {
  const snapshot = ref<SettingsSnapshot | null>(null);

  function apply(s: SettingsSnapshot): void {
    snapshot.value = s;
    document.documentElement.dataset.theme = s.settings.theme;
  }

  async function init(): Promise<void> {
    const api = useApi();
    api.on('settings:changed', apply);
    apply(await api.settings.get());
  }

  async function save(patch: SettingsPatch): Promise<void> {
    apply(await useApi().settings.set(patch));
  }

  return { snapshot, init, save };
});
