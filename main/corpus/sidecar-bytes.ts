// The bytes a sidecar write puts on disk and their SHA-256, at a small cost
// to main's event loop: the bytes come from the per-annotation cache of
// app/sidecar/sidecar-bytes.ts, and the hash is worked out on another thread.
// Hashing 2 MB held main ~2 ms; WebCrypto's digest (an async job on libuv's
// pool) still copied the 2 MB on main first (~0.5 ms, more under load). The
// hashing thread takes the bytes' buffer itself (transferred, not copied) and
// hands it back with the hash. No Electron.
import { subtle } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { SidecarEncoder } from '../../app/sidecar/sidecar-bytes';
import type { Annotation, Sidecar } from '../../app/sidecar/sidecar-schema';
import { TimeSlices } from './map-in-slices';

/** SHA-256 of `bytes` as lowercase hex, computed off the main thread (the bytes are copied for it). */
export async function sha256HexOffMain(bytes: Uint8Array): Promise<string> {
  return Buffer.from(await subtle.digest('SHA-256', bytes)).toString('hex');
}

// Plain CommonJS run from a string: nothing to bundle or resolve, in the app, the command line and the tests alike.
const HASHER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.on('message', ({ id, bytes }) => {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  parentPort.postMessage({ id, sha256, bytes }, [bytes.buffer]);
});
`;

type Hashed = { bytes: Uint8Array; sha256: string };

/** One thread hashing byte buffers moved to it; kept while the process runs, never keeping it alive when idle. */
class Hasher {
  private worker: Worker | null = null;
  private next = 0;
  private readonly pending = new Map<number, { resolve(h: Hashed): void; reject(e: unknown): void }>();

  /** `bytes` (which then cannot be used until this resolves) with its hash; the buffer comes back as new bytes. */
  hash(bytes: Uint8Array): Promise<Hashed> {
    const worker = this.worker ?? this.start();
    const id = this.next++;
    return new Promise<Hashed>((resolve, reject) => {
      // Posted first: if that throws, nothing is left waiting (and the thread is not kept referenced).
      worker.postMessage({ id, bytes }, [bytes.buffer as ArrayBuffer]);
      // Referenced while a hash is awaited: the command line must not exit before its write.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
    });
  }

  private start(): Worker {
    const worker = new Worker(HASHER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', ({ id, sha256, bytes }: { id: number } & Hashed) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (this.pending.size === 0) worker.unref();
      waiting?.resolve({ sha256, bytes });
    });
    const fail = (e: unknown) => {
      if (this.worker === worker) this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(e);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the hashing thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

const hasher = new Hasher();

/** Only a buffer the bytes have to themselves can be moved to another thread. */
const movable = (bytes: Uint8Array) => bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;

/** What `sidecar` is written as (serializeSidecar's text in UTF-8) and its hash. */
export async function sidecarFileBytes(encoder: SidecarEncoder, sidecar: Sidecar): Promise<Hashed> {
  const bytes = encoder.encode(sidecar);
  if (!movable(bytes)) return { bytes, sha256: await sha256HexOffMain(bytes) };
  try {
    const hashed = await hasher.hash(bytes);
    encoder.moved(bytes, hashed.bytes);
    return hashed;
  } catch (e) {
    // The thread failed holding the bytes: they are made again and hashed by WebCrypto.
    console.error('marginalia: hashing a sidecar on its thread failed; hashing it here:', e);
    encoder.moved(bytes, null);
    const again = encoder.encode(sidecar);
    return { bytes: again, sha256: await sha256HexOffMain(again) };
  }
}

/**
 * Makes the parts of a document just opened, `sliceMs` at a time between turns
 * of the event loop, while `wanted()` holds (it is still the version opened):
 * its first save then encodes what it changed, not every annotation (20,000
 * held main ~130 ms on the first tag).
 */
export async function primeParts(encoder: SidecarEncoder, annotations: readonly Annotation[], wanted: () => boolean, sliceMs = 4): Promise<void> {
  const slices = new TimeSlices(sliceMs);
  for (const a of annotations) {
    if (slices.spent) {
      await slices.next();
      if (!wanted()) return;
    }
    encoder.prime(a);
  }
}
