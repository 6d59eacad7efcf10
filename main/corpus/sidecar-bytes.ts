// The bytes a sidecar write puts on disk and their SHA-256, at a small cost
// to main's event loop: the bytes come from the per-annotation cache of
// app/sidecar/sidecar-bytes.ts, and the hash is worked out on libuv's thread
// pool (WebCrypto's digest is an async job), not on main, which hashing 2 MB
// held for ~2 ms. No Electron.
import { subtle } from 'node:crypto';
import type { SidecarEncoder } from '../../app/sidecar/sidecar-bytes';
import type { Sidecar } from '../../app/sidecar/sidecar-schema';

/** SHA-256 of `bytes` as lowercase hex, computed off the main thread. */
export async function sha256HexOffMain(bytes: Uint8Array): Promise<string> {
  return Buffer.from(await subtle.digest('SHA-256', bytes)).toString('hex');
}

/** What `sidecar` is written as (serializeSidecar's text in UTF-8) and its hash. */
export async function sidecarFileBytes(encoder: SidecarEncoder, sidecar: Sidecar): Promise<{ bytes: Uint8Array; sha256: string }> {
  const bytes = encoder.encode(sidecar);
  return { bytes, sha256: await sha256HexOffMain(bytes) };
}
