// Binds the contract's channels to ipcMain; only our own page may call them.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS } from '../../preload/contract';
import type { Dispatch } from '../services/dispatch';

function fromOurPage(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith('file://') || (!!process.env.ELECTRON_RENDERER_URL && url.startsWith(process.env.ELECTRON_RENDERER_URL));
}

export function bindIpc(dispatch: Dispatch): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      if (!fromOurPage(event)) throw new Error('Refused: request from a foreign frame.');
      return dispatch(channel, payload);
    });
  }
}
