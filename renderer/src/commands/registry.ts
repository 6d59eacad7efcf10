// One registry of every command the renderer can run: the key dispatcher, the
// menu (by id over IPC), the palette and the shortcuts sheet all go through it.
import { COMMANDS, type CommandGroup } from '../../../app/commands/command-ids';
import type { Context } from '../../../app/commands/when';
import { evaluateWhen } from '../../../app/commands/when';

export interface Command {
  id: string;
  title: string;
  group: CommandGroup;
  /** Returns false when it had nothing to do, so the key goes on to the page. */
  run(): void | boolean;
  when?: string;
  native?: string;
}

export type CommandRuns = Partial<Record<(typeof COMMANDS)[number]['id'], { run: Command['run']; when?: string }>>;

export class CommandRegistry {
  private readonly commands = new Map<string, Command>();

  register(command: Command): void {
    this.commands.set(command.id, command);
  }

  /** Registers the app's commands (titles from app/commands) with their runs. */
  registerAll(runs: CommandRuns): void {
    for (const info of COMMANDS) {
      const r = runs[info.id];
      if (r) this.register({ ...info, ...r });
      else if ('native' in info) this.register({ ...info, run: () => false });
    }
  }

  /** Drops the commands whose id starts with `prefix` (generated ones, e.g. labels no longer in the schema). */
  removeWhere(prefix: string): void {
    for (const id of [...this.commands.keys()]) if (id.startsWith(prefix)) this.commands.delete(id);
  }

  get(id: string): Command | undefined {
    return this.commands.get(id);
  }

  list(): Command[] {
    return [...this.commands.values()];
  }

  /** Runs a command if it is enabled in this context; true when it acted. */
  run(id: string, context: Context): boolean {
    const command = this.commands.get(id);
    if (!command || !evaluateWhen(command.when, context)) return false;
    return command.run() !== false;
  }
}
