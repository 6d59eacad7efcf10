// A second process for main/corpus/save-races.test.ts (not a test itself):
// tags document `rel` of corpus `root` `count` times through its own
// CorpusService, each save conflict-checked and, on 'conflict', re-read and
// redone on top of what is on disk. Prints how many tags it saved.
// Run: node --import tsx save-race-child.ts <root> <rel> <count> <id prefix>
import { CorpusError, CorpusService } from './corpus-service';
import { addTagWithRetry } from './save-race-support';

async function run(): Promise<void> {
  const [root, rel, count, prefix] = process.argv.slice(2);
  if (!root || !rel || !count || !prefix) throw new Error('usage: save-race-child <root> <rel> <count> <id prefix>');
  const service = await CorpusService.open(root);
  // The parent starts its own tagging on this line, so the two really overlap.
  process.stdout.write('ready\n');
  let saved = 0;
  for (let i = 0; i < Number(count); i++) {
    await addTagWithRetry(service, rel, `${prefix}${i}`);
    saved++;
  }
  process.stdout.write(`${saved}\n`);
}

run().catch((e: unknown) => {
  process.stderr.write(`${e instanceof CorpusError ? e.code : 'error'}: ${(e as Error).message}\n`);
  process.exit(1);
});
