// The preload bridge: exposes exactly the IPC contract as window.marginalia
// and nothing of Electron. It runs sandboxed, so it imports only the plain
// name lists (no zod, nothing heavy) and is bundled into one CommonJS file.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeApi } from '../../app/ipc/contract';
import { eventWireName, isChannelName, isEventName, wireName } from '../../app/ipc/channel-names';

const api: BridgeApi = {
  invoke(channel, args) {
    // A channel outside the contract is a programming error: the promise rejects.
    if (!isChannelName(channel)) return Promise.reject(new Error(`unknown channel ${JSON.stringify(channel)}`));
    return ipcRenderer.invoke(wireName(channel), args);
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`unknown event ${JSON.stringify(event)}`);
    if (typeof listener !== 'function') throw new Error('the listener must be a function');
    const wire = eventWireName(event);
    // The IpcRendererEvent (and its sender) never reaches the page.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(wire, wrapped);
    return () => {
      ipcRenderer.removeListener(wire, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('marginalia', api);
