// The only file that touches ipcMain: every channel of the contract is handled
// by dispatch() over the handlers, and only for the app's own pages.
import { ipcMain, type WebContents } from 'electron';
import { channelNames, eventWireName, wireName, type Envelope, type EventName, type EventPayload } from '../../app/ipc/contract';
import { dispatch } from '../ipc/dispatch';
import type { Handlers } from '../ipc/handlers';

/**
 * Registers a handler for every channel. `isAppUrl` decides whether the frame
 * that called is one of the app's own pages; any other caller gets an error
 * envelope and nothing runs. Returns a function that removes the handlers.
 */
export function registerIpc(handlers: Handlers, isAppUrl: (url: string) => boolean): () => void {
  for (const name of channelNames) {
    ipcMain.handle(wireName(name), async (event, args: unknown): Promise<Envelope<unknown>> => {
      const url = event.senderFrame?.url ?? '';
      if (!isAppUrl(url)) {
        console.error(`marginalia: refused ${name} from ${url || 'an unknown frame'}`);
        return { ok: false, error: { code: 'invalid-arguments', message: `${name} refused: the caller is not the Marginalia window` } };
      }
      return dispatch(handlers, name, args);
    });
  }
  return () => {
    for (const name of channelNames) ipcMain.removeHandler(wireName(name));
  };
}

/** Sends one of the contract's events to a window's renderer. */
export function sendEvent<E extends EventName>(contents: WebContents, event: E, payload: EventPayload<E>): void {
  if (!contents.isDestroyed()) contents.send(eventWireName(event), payload);
}
