// A `marginalia import` to be killed, for main/export/import-atomic.test.ts
// (not a test itself). Prints "ready" once the corpus is open; with a rename
// index, kills itself right after that rename of the all-or-nothing write.
// Run: node --import tsx import-kill-child.ts <corpus> <jsonl> [rename index]
import { CorpusService } from '../corpus/corpus-service';
import { importAnnotations } from './import-service';

async function run(): Promise<void> {
  const [root, from, killAfter] = process.argv.slice(2);
  if (!root || !from) throw new Error('usage: import-kill-child <corpus> <jsonl> [rename index]');
  const service = await CorpusService.open(root);
  if (killAfter !== undefined) {
    const write = service.updateSidecarsTogether.bind(service);
    service.updateSidecarsTogether = (rels, plan) =>
      write(rels, plan, {
        async afterRename(i) {
          if (i === Number(killAfter)) process.kill(process.pid, 'SIGKILL');
        },
      });
  }
  process.stdout.write('ready\n');
  const report = await importAnnotations(service, { format: 'jsonl', from });
  process.stdout.write(`${report.added}\n`);
}

run().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
