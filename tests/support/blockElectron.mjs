// A module hook that makes `electron` unresolvable, as it is on a machine without the
// Electron binary: any import of it fails loudly.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === 'electron' || specifier.startsWith('electron/')) {
    throw Object.assign(new Error('electron is unresolvable in this test'), { code: 'ERR_MODULE_NOT_FOUND' });
  }
  return next(specifier, context);
}`),
);
