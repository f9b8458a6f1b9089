// Serves the fleet console (platform/console, built by `npm run build` into dist/console) under
// /console/ with a strict Content-Security-Policy: scripts, styles and data from this origin only,
// no inline code, no framing. Paths that are not files answer the app's index.html, so a copied
// link to a page (/console/kiosks/K-…) opens that page.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { PlatformRoutes } from '../routeContext';

/** Where the console is served. Not part of the JSON contract (platform/openapi.yaml). */
export const CONSOLE_PREFIX = '/console/';

/** The built console beside this package (dist/console), or undefined when it was not built. */
export function defaultConsoleDir(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6 && !fs.existsSync(path.join(dir, 'package.json')); i++) dir = path.dirname(dir);
  const built = path.join(dir, 'dist', 'console');
  return fs.existsSync(path.join(built, 'index.html')) ? built : undefined;
}

export const CONSOLE_CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
} as const;

export const consoleRoutes: PlatformRoutes = (app, ctx) => {
  const root = ctx.consoleDir;
  if (!root) return;
  void app.register(async (scope) => {
    await scope.register(fastifyHelmet, {
      contentSecurityPolicy: { useDefaults: false, directives: { ...CONSOLE_CONTENT_SECURITY_POLICY } },
      // Plain HTTP on loopback in development; production is served over HTTPS by its balancer.
      strictTransportSecurity: false,
    });
    await scope.register(fastifyStatic, {
      root,
      prefix: '/',
      index: ['index.html'],
      // Hashed bundle files never change; index.html is always revalidated.
      setHeaders: (reply, file) => reply.header('cache-control', file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
    });
    scope.setNotFoundHandler((request, reply) => {
      const wantsPage = request.method === 'GET' && request.url.startsWith(CONSOLE_PREFIX) && !path.extname(request.url.split('?')[0]!);
      if (!wantsPage) return reply.code(404).type('text/plain').send('not found');
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }, { prefix: CONSOLE_PREFIX.slice(0, -1) });
  app.get('/console', async (_request, reply) => reply.redirect(CONSOLE_PREFIX));
};
