// The app's connection, set once at startup; stores reach the API through here (tests set a fake).
import type { Api } from '../../../preload/contract';

let current: Api | null = null;

export function setApi(api: Api): void {
  current = api;
}

export function useApi(): Api {
  if (!current) throw new Error('The API is not connected yet.');
  return current;
}
