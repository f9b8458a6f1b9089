// `GET /%ff` (malformed percent-encoding, no token needed) used to throw an uncaught URIError in
// the static file handler and kill the core. Now every such request gets 400 and the core, a real
// `budayang core` process, keeps answering.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startCore, stopAllKioskProcesses } from '../../support/kioskProcess';

afterEach(stopAllKioskProcesses);

/** A raw GET (Node's client would refuse some of these paths). */
function get(port: number, rawPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET', agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('malformed percent-encoding in the URL', () => {
  it('answers 400 to each, and the core keeps serving', async () => {
    const core = await startCore();
    const malformed = ['/%ff', '/%', '/%e0%a4%a', '/assets/%c0%af', '/%ff/%fe', '/api%ff', '/index.html%', '/%ed%a0%80'];
    for (let round = 0; round < 25; round++) {
      for (const rawPath of malformed) expect(await get(core.port, rawPath), rawPath).toBe(400);
    }
    expect(core.alive()).toBe(true);
    expect(await get(core.port, '/healthz')).toBe(200);
    expect(await get(core.port, '/')).toBe(200);
  });
});
