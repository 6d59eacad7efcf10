// Code that runs outside Electron's main process must never load `electron`:
// the export worker (a worker thread cannot load it; it would also fetch the
// binary under plain Node) and the command-line tool. This walks each entry's
// whole graph of runtime imports in the sources (type-only imports load
// nothing), and checks the npm packages it reaches do not depend on electron.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');

/** The specifiers a file loads at run time: value imports, re-exports, import(), require(). */
export function runtimeImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.importClause?.isTypeOnly) out.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) out.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0]!)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) out.push((node.arguments[0] as ts.StringLiteral).text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function resolveLocal(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${relative(REPO, from)}: cannot resolve ${spec}`);
}

/** Every source file and npm package an entry loads at run time. */
export function importGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    if (!/\.[cm]?[jt]sx?$/.test(file)) continue; // JSON and other data load nothing
    for (const spec of runtimeImports(file, readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) queue.push(resolveLocal(file, spec));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return { files: [...files].map((f) => relative(REPO, f)).sort(), packages: [...packages].sort() };
}

/** A package's main entry file (package.json exports or main), or null. */
function packageEntry(dir: string, pkg: Record<string, unknown>): string | null {
  let exp: unknown = pkg.exports;
  if (exp && typeof exp === 'object' && '.' in exp) exp = (exp as Record<string, unknown>)['.'];
  for (let i = 0; i < 3 && exp && typeof exp === 'object'; i++) {
    const e = exp as Record<string, unknown>;
    exp = e.node ?? e.import ?? e.default ?? e.require;
  }
  const rel = typeof exp === 'string' ? exp : typeof pkg.main === 'string' ? pkg.main : 'index.js';
  const file = resolve(dir, rel);
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

/** Whether an npm package is electron, declares a dependency on it, or imports it from its entry. */
function needsElectron(name: string): boolean {
  if (name === 'electron') return true;
  const dir = join(REPO, 'node_modules', name);
  if (!existsSync(join(dir, 'package.json'))) return false; // a Node built-in named without node: (fs, path…)
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  if (['dependencies', 'peerDependencies', 'optionalDependencies'].some((k) => (pkg[k] as Record<string, string> | undefined)?.electron !== undefined)) return true;
  const entry = packageEntry(dir, pkg);
  return entry !== null && runtimeImports(entry, readFileSync(entry, 'utf8')).includes('electron');
}

// Parsing a few hundred files takes seconds when other suites run alongside.
describe('code that runs outside Electron’s main process', { timeout: 30_000 }, () => {
  it('finds runtime imports, not type-only ones', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from './b';",
      "export { c } from './c';",
      "export type { D } from './d';",
      "const e = await import('./e');",
      "import './side-effect';",
    ].join('\n');
    expect(runtimeImports('x.ts', text)).toEqual(['./a', './c', './e', './side-effect']);
  });

  it('catches electron anywhere in a graph (the shell’s own entry reaches it)', () => {
    const graph = importGraph(join(REPO, 'main/shell/index.ts'));
    expect(graph.packages).toContain('electron');
    expect(graph.packages.filter(needsElectron)).toContain('electron-store');
  });

  for (const entry of ['main/export/export-worker.ts', 'main/cli/index.ts']) {
    it(`${entry}: its whole import graph is free of electron`, () => {
      const graph = importGraph(join(REPO, entry));
      expect(graph.files.length).toBeGreaterThan(3);
      expect(graph.files.filter((f) => f.startsWith('main/shell/') || f.startsWith('main/preload/'))).toEqual([]);
      expect(graph.packages.filter(needsElectron)).toEqual([]);
    });
  }
});
