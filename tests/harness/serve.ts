// The harness as a process of its own: `tsx tests/harness/serve.ts <corpus> <renderer dir>`
// prints {"url": …} on one line and serves until its standard input closes. The
// benchmark runs it apart from itself, as Electron runs main apart from the
// renderer, so the driver's own work and heap (the generated corpus) do not
// land in the save round trip it measures.
import { startHarness } from './server';

const [corpus, rendererDir] = process.argv.slice(2);
if (!corpus || !rendererDir) {
  console.error('usage: serve.ts <corpus folder> <renderer folder>');
  process.exit(2);
}
const harness = await startHarness({ corpus, rendererDir });
process.stdout.write(`${JSON.stringify({ url: harness.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void harness.close().then(() => process.exit(0)));
