// One IPC call from untrusted input to an envelope: the channel must be in the
// contract, the arguments must match its schema, and every failure comes back
// as data ({ ok: false, error }) rather than a rejected promise.
import { ipcContract, isChannelName, type Envelope, type IpcError } from '../../app/ipc/contract';
import { CorpusError } from '../corpus/paths';
import { describeIssues } from '../../app/zod-issues';
import type { Handlers } from './handlers';

export interface DispatchOptions {
  /** Where unexpected errors (code 'internal') are reported with their stack; console.error by default. */
  logError?(channel: string, error: unknown): void;
}

function fail(code: IpcError['code'], message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

export async function dispatch(
  handlers: Handlers,
  channel: string,
  rawArgs: unknown,
  options: DispatchOptions = {},
): Promise<Envelope<unknown>> {
  if (!isChannelName(channel)) return fail('invalid-arguments', `unknown channel ${JSON.stringify(channel)}`);
  const parsed = ipcContract[channel].args.safeParse(rawArgs);
  if (!parsed.success) return fail('invalid-arguments', `${channel}: ${describeIssues(parsed.error)}`);
  try {
    const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (e) {
    if (e instanceof CorpusError) return fail(e.code, e.message);
    (options.logError ?? ((c, err) => console.error(`marginalia: ${c} failed:`, err)))(channel, e);
    return fail('internal', e instanceof Error ? e.message : String(e));
  }
}
