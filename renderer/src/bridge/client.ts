// The renderer's one way to reach main: a typed client over the bridge the
// preload exposes as `window.marginalia` (tests substitute an HTTP-backed one).
import type { ArgsOf, BridgeApi, ChannelName, EventName, EventPayload, IpcError, ResultOf } from '../../../app/ipc/contract';

declare global {
  interface Window {
    marginalia?: BridgeApi;
  }
}

export class BridgeError extends Error {
  readonly code: IpcError['code'];
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'BridgeError';
    this.code = error.code;
  }
}

function bridge(): BridgeApi {
  const api = window.marginalia;
  if (!api) throw new BridgeError({ code: 'internal', message: 'The app bridge is missing: the preload script did not run.' });
  return api;
}

export async function call<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  const envelope = await bridge().invoke(channel, args);
  if (!envelope.ok) throw new BridgeError(envelope.error);
  return envelope.value;
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return window.marginalia ? window.marginalia.on(event, listener) : () => {};
}
