// App releases (docs/fleet.md, "App releases"; ADR 0016): `PUT /admin/releases/{appVersion}/files/{name}`
// uploads one file of a release folder (an update manifest, its `.sig`, an installer), `POST
// /admin/releases/{appVersion}/publish` checks the folder is complete and gives the release its
// number (what an `app` rollout names), `GET /admin/releases` lists them. `GET
// /v1/releases/{appVersion}/{name}` is electron-updater's generic provider: unauthenticated, as
// electron-updater sends no kiosk signature, and harmless — the files are public builds, each
// kiosk verifies the signed manifest, and electron-updater checks every installer's sha512.
import { APP_VERSION_PATTERN, RELEASE_FILE_PATTERN } from '../fleet/releaseStore';
import { adminRoute, sendError, type PlatformRoutes } from '../routeContext';

/** An installer is ~150 MB; the limit leaves room for an arm64 AppImage with debug symbols. */
const MAX_RELEASE_FILE_BYTES = 400 * 1024 * 1024;

interface ReleaseFileParams {
  readonly appVersion: string;
  readonly name: string;
}

export const releaseRoutes: PlatformRoutes = (app, ctx) => {
  // Files arrive as raw bytes; the parser is scoped to these routes (the rest of the API is JSON).
  void app.register(async (scoped) => {
    scoped.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_RELEASE_FILE_BYTES }, (_request, body, done) => done(null, body));
    scoped.put<{ Params: ReleaseFileParams; Body: Buffer }>('/admin/releases/:appVersion/files/:name', { ...adminRoute(ctx, 'config.publish'), bodyLimit: MAX_RELEASE_FILE_BYTES }, async (request, reply) => {
      const { appVersion, name } = request.params;
      if (!APP_VERSION_PATTERN.test(appVersion)) return sendError(reply, 400, 'invalidRequest', 'the app version must be a semantic version (1.4.0, 1.4.0-rc.1)', ctx.now());
      if (!RELEASE_FILE_PATTERN.test(name)) return sendError(reply, 400, 'invalidRequest', 'a release file name is letters, digits, dot, dash and underscore', ctx.now());
      if (!Buffer.isBuffer(request.body) || request.body.byteLength === 0) return sendError(reply, 400, 'invalidRequest', 'send the file as application/octet-stream, not empty', ctx.now());
      const result = await ctx.store.releases.putFile(appVersion, name, request.body, new Date(ctx.now()));
      if ('refused' in result) return sendError(reply, 409, result.refused.kind, result.refused.message, ctx.now());
      return result.stored;
    });
  });

  app.post<{ Params: { appVersion: string } }>('/admin/releases/:appVersion/publish', adminRoute(ctx, 'config.publish'), async (request, reply) => {
    const result = await ctx.store.releases.publish(request.params.appVersion, new Date(ctx.now()));
    if ('refused' in result) return sendError(reply, result.refused.kind === 'unknownRelease' ? 404 : 409, result.refused.kind, result.refused.message, ctx.now());
    return result.published;
  });

  app.get('/admin/releases', adminRoute(ctx, 'fleet.read'), async () => ({ releases: await ctx.store.releases.list() }));

  app.get<{ Params: ReleaseFileParams }>('/v1/releases/:appVersion/:name', async (request, reply) => {
    const { appVersion, name } = request.params;
    const file = APP_VERSION_PATTERN.test(appVersion) && RELEASE_FILE_PATTERN.test(name) ? await ctx.store.releases.file(appVersion, name) : undefined;
    if (!file) return sendError(reply, 404, 'noReleaseFile', `no published release ${appVersion} has a file ${name}`, ctx.now());
    // A published release never changes: its files may be cached for good.
    reply.header('etag', `"${file.sha256.slice(0, 32)}"`).header('cache-control', 'public, max-age=31536000, immutable');
    if (request.headers['if-none-match'] === `"${file.sha256.slice(0, 32)}"`) return reply.code(304).send();
    return reply.type(name.endsWith('.yml') ? 'text/yaml; charset=utf-8' : name.endsWith('.sig') ? 'application/json' : 'application/octet-stream').send(file.bytes);
  });
};
