// Toasts: run finished or failed, errors from requests. One concept, one store.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
}

export const useNotifications = defineStore('notifications', () => {
  const toasts = ref<Toast[]>([]);
  let next = 1;
  function push(kind: Toast['kind'], text: string, ms = kind === 'error' ? 10_000 : 5_000): void {
    const id = next++;
    toasts.value.push({ id, kind, text });
    setTimeout(() => dismiss(id), ms);
  }
  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }
  return { toasts, push, dismiss };
});
