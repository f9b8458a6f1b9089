// What every screen can reach: the API client, the kiosk status, the session, and the
// language/elderly settings. Session state lives here and nowhere else, so ending a session is
// one reload away from a clean slate.
import { createContext, useContext } from 'react';
import type { ApiClient } from '../../src-common/api/client';
import type { KioskStatus } from '../../src-common/api/kiosk';
import type { SessionInfo } from '../../src-common/api/session';
import type { Language } from '../i18n';

export interface KioskContextValue {
  readonly client: ApiClient;
  readonly status: KioskStatus;
  readonly session: SessionInfo | undefined;
  readonly language: Language;
  readonly elderly: boolean;
  setLanguage(language: Language): void;
  setElderly(on: boolean): void;
  /** Ensures a citizen session exists (starting one on first touch). */
  ensureSession(): Promise<SessionInfo | undefined>;
  /** Ends the session (PII wiped in the core) and reloads the renderer clean. */
  endSession(reason: 'completed' | 'exit' | 'idleTimeout'): Promise<void>;
  goHome(): void;
}

export const KioskContext = createContext<KioskContextValue | undefined>(undefined);

export function useKiosk(): KioskContextValue {
  const value = useContext(KioskContext);
  if (!value) throw new Error('useKiosk outside KioskContext');
  return value;
}
