// The preload: exposes exactly one function to the sandboxed renderer, which asks the main
// process for a one-time bootstrap code (the renderer trades it for the session token over
// loopback HTTP). Nothing secret passes through argv.
import { contextBridge, ipcRenderer } from 'electron';
import { BOOTSTRAP_CODE_CHANNEL } from './policy';

contextBridge.exposeInMainWorld(
  'budayang',
  Object.freeze({
    bootstrapCode: async (): Promise<string | undefined> => {
      const code: unknown = await ipcRenderer.invoke(BOOTSTRAP_CODE_CHANNEL);
      return typeof code === 'string' && /^[0-9a-f]{32}$/.test(code) ? code : undefined;
    },
  }),
);
