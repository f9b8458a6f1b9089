// The in-memory transport: an ApiClient socket wired straight to a router, with the same
// envelope and JSON round trip as the WebSocket (so schemas are exercised the same way).
import type { ClientSocket } from '../../../src-common/api/client';
import type { ApiRouter, ConnectionRole } from './ApiRouter';

let nextId = 1;

/** `role` technician: an in-process CLI command, limited like the control channel. */
export function createInMemorySocket(router: ApiRouter, role: ConnectionRole = 'renderer'): ClientSocket {
  const id = `mem${nextId++}`;
  let open = true;
  const socket: ClientSocket = {
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send(data: string) {
      if (open) void router.handleRaw(connection, data);
    },
    close() {
      if (!open) return;
      open = false;
      router.detach(id);
      queueMicrotask(() => socket.onclose?.());
    },
  };
  const connection = {
    id,
    role,
    send(message: unknown) {
      if (!open) throw new Error('in-memory socket closed');
      const data = JSON.stringify(message);
      queueMicrotask(() => socket.onmessage?.({ data }));
    },
  };
  router.attach(connection);
  queueMicrotask(() => socket.onopen?.());
  return socket;
}
