#!/usr/bin/env node
// Entry of the `budayang` command. Runs the built bundle (dist/cli/main.mjs) when present, else the
// TypeScript sources through tsx (development checkouts before `npm run build`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'cli', 'main.mjs');
let entry;
if (fs.existsSync(bundle) && !process.env.BUDAYANG_FROM_SOURCE) {
  entry = await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = await import(pathToFileURL(path.join(root, 'src-main', 'cli', 'main.ts')).href);
}
const code = await entry.main(process.argv.slice(2));
process.exitCode = code;
