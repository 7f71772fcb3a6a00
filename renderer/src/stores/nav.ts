// Which page is open. Five pages do not need a router.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const PAGES = [
  { id: 'runs', label: 'Runs' },
  { id: 'sweeps', label: 'Sweeps' },
  { id: 'wizard', label: 'New run' },
  { id: 'new-run', label: 'Quick launch' },
  { id: 'data', label: 'Systems & data' },
  { id: 'flows', label: 'Flows' },
  { id: 'settings', label: 'Settings' },
] as const;
export type PageId = (typeof PAGES)[number]['id'];

export const useNav = defineStore('nav', () => {
  const page = ref<PageId>('runs');
  const go = (p: PageId) => (page.value = p);
  return { page, go };
});
