// The signed-in session as the pages see it: who, their role and permissions, and sign-out. The
// CSRF token goes to the API client; pages ask `can(permission)` to show only what will work.
import { createContext, useContext } from 'react';
import type { Permission } from '../../api/roles';
import type { SessionInfo } from '../../api/session';

export interface ConsoleSession {
  readonly info: SessionInfo;
  can(permission: Permission): boolean;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<ConsoleSession | null>(null);

export function useSession(): ConsoleSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}
