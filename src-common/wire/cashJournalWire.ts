// The cash journal on the wire: each entry of a kiosk's hash-chained cash journal (design.md §5)
// is replicated to the platform as one `cash.journalEntry` outbox event, written in the same
// SQLite transaction as the entry, and the platform re-verifies the chain, so a journal rewritten
// on the kiosk is detected there. The journal holds amounts, ids and times, never PII. The hash
// formula lives here so that both sides compute it from the same text. Pure: zod only.
import { z } from 'zod';

export const CASH_JOURNAL_ENTRY_KIND = 'cash.journalEntry';

/** One stream per kiosk: the platform receives the entries in journal order. */
export const CASH_JOURNAL_STREAM = 'cashJournal';

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

const HexSha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * One journal entry as replicated. `body` is kept open beyond its `kind` on purpose: the cash
 * domain adds facts to its entries (e.g. what a cash-in pays for), and a journal append must never
 * fail because the wire schema lags behind; the hash covers the body whatever it holds.
 */
export const CashJournalEntryPayload = z.object({
  seq: z.number().int().positive(),
  at: z.string().datetime({ offset: true }),
  txnId: z.string().min(1).max(100),
  body: z.looseObject({ kind: z.string().min(1).max(64) }),
  prevHash: HexSha256,
  hash: HexSha256,
});
export type CashJournalEntryPayload = z.infer<typeof CashJournalEntryPayload>;

/** Canonical JSON: keys sorted at every level and undefined members left out, so a hash never depends on property order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The exact text whose SHA-256 (hex) is an entry's hash: the previous hash, a newline, the canonical entry. */
export function journalHashInput(prevHash: string, entry: { readonly seq: number; readonly at: string; readonly txnId: string; readonly body: unknown }): string {
  return `${prevHash}\n${canonicalJson({ seq: entry.seq, at: entry.at, txnId: entry.txnId, body: entry.body })}`;
}
