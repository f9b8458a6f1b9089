// What every screen can reach: the API client (with the session activity rule applied), the kiosk
// status, the session, and the language/elderly settings. Session state lives here and nowhere
// else, so ending a session is one reload away from a clean slate.
import { createContext, useContext } from 'react';
import type { KioskStatus } from '../../src-common/api/kiosk';
import type { SessionEndReason, SessionInfo } from '../../src-common/api/session';
import type { Language } from '../i18n';
import type { KioskClient } from './trackedClient';

export type CitizenEndReason = Extract<SessionEndReason, 'completed' | 'exit' | 'idleTimeout'>;

export interface KioskContextValue {
  readonly client: KioskClient;
  readonly status: KioskStatus;
  readonly session: SessionInfo | undefined;
  readonly language: Language;
  readonly elderly: boolean;
  /** The masked name of whoever's ID card was read in this session. */
  readonly holder: string | undefined;
  setLanguage(language: Language): void;
  setElderly(on: boolean): void;
  /** Ensures a citizen session exists (starting one on first touch). */
  ensureSession(): Promise<SessionInfo | undefined>;
  /** Ends the session (PII wiped in the core), reminds to take the ID card if one was read, reloads clean. */
  endSession(reason: CitizenEndReason): void;
  /** "结束办理" from the header: asks first when money is in flight. */
  requestExit(): void;
  /** A journey read the citizen's ID card: the header shows whose session it is. */
  cardRead(name: string): void;
  goHome(): void;
}

export const KioskContext = createContext<KioskContextValue | undefined>(undefined);

export function useKiosk(): KioskContextValue {
  const value = useContext(KioskContext);
  if (!value) throw new Error('useKiosk outside KioskContext');
  return value;
}
