// The recoveries this session has offered. A recover or discard request (from the renderer, or any WebSocket
// client in browser mode) names a file by path; it is honoured only for an offer handed out here, exactly as
// handed out, and once. Nothing else is ever read as a recovery, moved into the config folder or deleted.
import path from 'node:path';
import { ProjectError } from '../../project';
import type { RecoveryInfo } from './autosave';

export interface RecoveryRequest {
  path: string | null;
  autosavePath: string;
}

const norm = (p: string | null) => (p === null ? null : path.resolve(p));

export class HandedOutRecoveries {
  private readonly offers = new Map<string, RecoveryInfo>();

  /** Records the offers about to be handed out; returns them. */
  handOut(offers: RecoveryInfo[]): RecoveryInfo[] {
    for (const o of offers) this.offers.set(o.autosavePath, o);
    return offers;
  }

  /** The offer a request names, as it was handed out; throws for anything else. `take` forgets it. */
  find(request: RecoveryRequest, take = false): RecoveryInfo {
    const offer = this.offers.get(norm(request.autosavePath)!);
    if (!offer || norm(request.path) !== offer.path) {
      throw new ProjectError('invalid', `${request.autosavePath} was not offered for recovery by this app: refused`);
    }
    if (take) this.offers.delete(offer.autosavePath);
    return offer;
  }

  /** Forgets every offer about `autosavePath` (the file was recovered from, discarded or removed). */
  forget(autosavePath: string): void {
    this.offers.delete(autosavePath);
  }
}
