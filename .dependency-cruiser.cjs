// The import-cycle rule of `npm run lint` (the layering rule stays in eslint.config.js). Type-only
// imports count: a cycle through types is still two modules that cannot be read, tested or moved
// one without the other. tests/unit/foundation/importCycles.test.ts proves a cycle fails lint.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-import-cycle',
      severity: 'error',
      comment: 'Modules that import each other (directly or through others) hide a dependency graph; break the cycle (move the shared part into its own module, or invert the dependency).',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|test-results|bench/results|tests/artifacts)/' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] },
  },
};
