// Binds the contract's channels to ipcMain; only our own page may call them (see own-page.ts).
import { ipcMain } from 'electron';
import { CHANNELS } from '../../preload/contract';
import type { Dispatch } from '../services/dispatch';
import { isOwnPage, type OwnPage } from './own-page';

export function bindIpc(dispatch: Dispatch, page: OwnPage): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      if (!isOwnPage(event.senderFrame, page)) throw new Error('Refused: request from a page other than the app.');
      return dispatch(channel, payload);
    });
  }
}
