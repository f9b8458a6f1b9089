// Reads the ID card the devices module kept in the session (IdCard.WaitForCard stores it under
// `devices.idCard` as `{ card, photo }`). Validated again here: the session map is untyped.
import { IdCardData } from '../../../src-common/api/devices';
import type { ActiveSession } from '../session/SessionService';

/** The key in `session.data` under which IdCard.WaitForCard (devices/devicesApi.ts) keeps the card. */
export const SESSION_ID_CARD_KEY = 'devices.idCard';

/** The card read in this session, or undefined when none was read (or it was wiped). */
export function sessionIdCard(session: ActiveSession): IdCardData | undefined {
  const stored = session.data.get(SESSION_ID_CARD_KEY) as { card?: unknown } | undefined;
  const parsed = IdCardData.safeParse(stored?.card);
  return parsed.success ? parsed.data : undefined;
}
