// Layer rules (see docs/architecture.md): app/ is pure TypeScript, renderer/
// never reaches Node or Electron, and only the two IPC wrapper files touch
// ipcMain / ipcRenderer.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const electronOnly = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Only main/shell/ipc-main.ts and main/preload/index.ts touch ipcMain/ipcRenderer.',
};
const noElectron = { name: 'electron', message: 'This layer must not import Electron.' };
const noNode = nodeBuiltins.map((name) => ({ name, message: 'This layer must not import Node built-ins.' }));
const uiLibs = ['react', 'react-dom', 'react/jsx-runtime', 'lexical'].map((name) => ({
  name,
  message: 'app/ is UI-free: no React or Lexical.',
}));

export default tseslint.config(
  // tmp-* are personal scratch files, never committed (.gitignore).
  { ignores: ['out/', 'dist/', 'node_modules/', 'bench-results/', 'test-results/', 'tmp-*'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronOnly] }],
    },
  },
  {
    files: ['app/**/*.ts'],
    ignores: ['app/**/*.node.ts', 'app/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron, ...noNode, ...uiLibs], patterns: [{ group: ['@lexical/*'], message: 'app/ is UI-free.' }] },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'app/ has no DOM.' },
        { name: 'document', message: 'app/ has no DOM.' },
        { name: 'navigator', message: 'app/ has no DOM.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [noElectron, ...noNode] }],
    },
  },
  {
    // The corpus service serves the app, the CLI and the tests: no Electron. Nor do the CLI
    // and the dataset services (main/export), which run under plain Node.
    files: ['main/corpus/**/*.ts', 'main/ipc/**/*.ts', 'main/cli/**/*.ts', 'main/export/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['main/shell/ipc-main.ts', 'main/preload/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
