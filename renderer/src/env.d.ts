/// <reference types="vite/client" />
import type { Transport } from '../../preload/contract';

declare global {
  interface Window {
    /** Present only inside the Electron window (set by preload/index.ts). */
    hsTransport?: Transport;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
