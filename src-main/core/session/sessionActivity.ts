// Applies the session activity rule (src-common/session/sessionActivity.ts) in the core: every
// event of a command of the session's own connection touches the session, and the commands that
// move money or make a document hold it open until they finish, so the backstop expiry never
// ends a session mid-payment however long the citizen takes to feed notes.
import { methods } from '../../../src-common/api';
import { holdsSession } from '../../../src-common/session/sessionActivity';
import type { ApiRouter } from '../api/ApiRouter';
import type { SessionService } from './SessionService';

export function trackSessionActivity(router: ApiRouter, sessions: SessionService): void {
  const releases = new Map<string, () => void>();
  router.observe(({ phase, name, connectionId, requestId }) => {
    const key = `${connectionId}\u0000${requestId}`;
    if (phase === 'finished') {
      releases.get(key)?.();
      releases.delete(key);
      return;
    }
    const active = sessions.active;
    if (!active || active.connectionId !== connectionId || !methods[name].requiresSession) return;
    if (phase === 'started') {
      if (holdsSession(name)) releases.set(key, sessions.hold());
    } else {
      sessions.touch();
    }
  });
}
