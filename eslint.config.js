// Lint: TypeScript recommended rules plus the layering table of design.md §2, enforced as
// import restrictions per folder. tests/unit/layering.test.ts proves a violation fails.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const NODE_BUILTINS = `^(node:.*|${builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace('/', '\\/')).join('|')})$`;
const into = (...folders) => `(^|/)(${folders.join('|')})(/|$)`;

/** One layer: which files, and which import specifiers they must never use (with why). */
const LAYERS = [
  {
    name: 'src-common',
    files: ['src-common/**/*.{ts,tsx}'],
    forbidden: [
      { regex: NODE_BUILTINS, message: 'src-common is pure: no Node built-ins (design.md §2).' },
      { regex: '^(?!zod($|/))[^./]', message: 'src-common may import only zod among packages (design.md §2).' },
      { regex: into('src-main', 'drivers', 'src-renderer', 'platform', 'kiosk-config'), message: 'src-common imports no other layer (design.md §2).' },
    ],
  },
  {
    name: 'drivers',
    files: ['drivers/**/*.{ts,tsx}'],
    forbidden: [
      { regex: '^(electron|react|react-dom|better-sqlite3|fastify|ws)($|/)', message: 'drivers never import electron, DOM, SQLite or servers (design.md §2).' },
      { regex: into('src-main', 'src-renderer', 'platform', 'kiosk-config'), message: 'drivers import only src-common (design.md §2).' },
    ],
  },
  {
    name: 'src-main/core',
    files: ['src-main/core/**/*.{ts,tsx}'],
    forbidden: [
      { regex: '^(electron|react|react-dom)($|/)', message: 'the core never imports electron or DOM code (design.md §2).' },
      { regex: into('src-renderer', 'shell', 'server', 'cli'), message: 'the core never imports the renderer, shells, server or CLI (design.md §2).' },
    ],
  },
  {
    name: 'src-main/server and cli',
    files: ['src-main/server/**/*.{ts,tsx}', 'src-main/cli/**/*.{ts,tsx}'],
    forbidden: [
      { regex: '^(electron|react|react-dom)($|/)', message: 'server and CLI never import electron or DOM code (design.md §2).' },
      { regex: into('src-renderer', 'electron'), message: 'server and CLI never import the renderer or the Electron shell (design.md §2).' },
    ],
  },
  {
    name: 'src-main/shell/electron',
    files: ['src-main/shell/electron/**/*.{ts,tsx}'],
    forbidden: [
      { regex: '^(better-sqlite3|serialport|node-hid|@serialport/.*)$', message: 'the Electron shell never touches devices or the database (design.md §1).' },
      { regex: into('drivers', 'core', 'src-renderer', 'platform'), message: 'the Electron shell imports only electron and src-common (design.md §2).' },
    ],
  },
  {
    name: 'src-renderer',
    files: ['src-renderer/**/*.{ts,tsx}'],
    forbidden: [
      { regex: NODE_BUILTINS, message: 'the renderer is sandboxed: no Node built-ins (design.md §2).' },
      { regex: '^(electron|better-sqlite3|serialport|node-hid|fastify|ws|pino)($|/)', message: 'the renderer reaches devices and data only through the API (design.md §2).' },
      { regex: into('src-main', 'drivers', 'platform'), message: 'the renderer imports only src-common (design.md §2).' },
    ],
  },
  {
    name: 'platform/api',
    files: ['platform/api/**/*.{ts,tsx}'],
    forbidden: [
      { regex: NODE_BUILTINS, message: 'platform/api is shared with the browser console: no Node built-ins (docs/console.md).' },
      { regex: '^(?!zod($|/))[^./]', message: 'platform/api may import only zod among packages (docs/console.md).' },
      { regex: into('src-main', 'drivers', 'src-renderer', 'kiosk-config', 'server', 'console'), message: 'platform/api imports only src-common (docs/console.md).' },
    ],
  },
  {
    name: 'platform/console',
    files: ['platform/console/**/*.{ts,tsx}'],
    forbidden: [
      { regex: NODE_BUILTINS, message: 'the fleet console runs in a browser: no Node built-ins (docs/console.md).' },
      { regex: '^(electron|better-sqlite3|serialport|node-hid|fastify|@fastify/.*|pg|@electric-sql/.*|ws|pino)($|/)', message: 'the fleet console reaches data only through the admin API (docs/console.md).' },
      { regex: into('src-main', 'drivers', 'src-renderer', 'kiosk-config', 'server'), message: 'the fleet console imports only platform/api and src-common (docs/console.md).' },
    ],
  },
  {
    name: 'platform',
    files: ['platform/**/*.{ts,tsx}'],
    ignores: ['platform/api/**', 'platform/console/**'],
    forbidden: [
      { regex: '^(electron|react|react-dom|serialport|node-hid)($|/)', message: 'the platform is a server: no electron, DOM or devices (design.md §2).' },
      { regex: into('src-main', 'drivers', 'src-renderer'), message: 'the platform never imports core internals or drivers (design.md §2).' },
    ],
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'tests/artifacts/**', 'tests/fixtures/layering/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      'no-console': 'error',
      // A `let` assigned once but read earlier by a closure (a handler registered before the
      // service it uses exists) cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  { files: ['src-main/cli/**', 'scripts/**', 'tests/**', 'bin/**'], rules: { 'no-console': 'off' } },
  ...LAYERS.map((layer) => ({
    files: layer.files,
    ...(layer.ignores ? { ignores: layer.ignores } : {}),
    rules: {
      'no-restricted-imports': ['error', { patterns: layer.forbidden.map((f) => ({ regex: f.regex, message: `[layering: ${layer.name}] ${f.message}` })) }],
    },
  })),
);
