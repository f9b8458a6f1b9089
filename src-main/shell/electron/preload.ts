// The preload: exposes exactly `{ url, token }` to the sandboxed renderer and nothing else.
import { contextBridge } from 'electron';
import { readPreloadArguments } from './policy';

const info = readPreloadArguments(process.argv);
if (info) contextBridge.exposeInMainWorld('budayang', Object.freeze({ url: info.url, token: info.token }));
