// Diagnostics: 清机, the cash-box collection. The notes since the last collection from the journal,
// beside the acceptor's own count; the technician enters the physical count per denomination
// (steppers, no keyboard); the difference shows before it is recorded; recording closes the
// period in the journal and prints two copies of the report.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CollectionPreview, CollectionReport } from '../../src-common/api/technician';
import { fen, formatFen } from '../../src-common/domain/money';
import { useKiosk } from '../app/KioskContext';
import { useErrorSentence } from '../i18n/useErrorSentence';
import { shanghaiTime } from './diagnosticsTime';

/** Notes a Chinese acceptor takes (yuan), shown even when the period has none of them. */
const DENOMINATIONS_FEN = [10000, 5000, 2000, 1000, 500, 100];


/** A collection id per screen visit: a retry after a lost answer records the collection once. */
function newCollectionId(): string {
  const random = crypto.getRandomValues(new Uint8Array(8));
  return `CC-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${[...random].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export default function DiagnosticsCash() {
  const { t } = useTranslation('diagnostics');
  const errorSentence = useErrorSentence();
  const { client } = useKiosk();
  const [preview, setPreview] = useState<CollectionPreview | undefined>();
  const [counts, setCounts] = useState<Record<number, number>>({});
  const [report, setReport] = useState<CollectionReport | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [collectionId, setCollectionId] = useState(newCollectionId);

  const load = useCallback(async () => {
    const p = await client.call('Cash.CollectionPreview', {});
    if (p.ok) setPreview(p.value);
    else setError(errorSentence('Cash.CollectionPreview', p.error));
  }, [client, errorSentence]);
  useEffect(() => void load(), [load]);

  const journalBy = useMemo(() => new Map((preview?.journal ?? []).map((r) => [r.denominationFen as number, r.count])), [preview]);
  const denominations = useMemo(() => [...new Set([...DENOMINATIONS_FEN, ...journalBy.keys()])].sort((a, b) => b - a), [journalBy]);
  const physicalTotal = denominations.reduce((sum, d) => sum + d * (counts[d] ?? 0), 0);
  const difference = physicalTotal - (preview?.journalTotalFen ?? 0);

  const step = (d: number, by: number) => setCounts((c) => ({ ...c, [d]: Math.max(0, (c[d] ?? 0) + by) }));
  const collect = async () => {
    setBusy(true);
    setError(undefined);
    const r = await client.call('Cash.Collect', { collectionId, technician: 'screen', physical: denominations.map((d) => ({ denominationFen: fen(d), count: counts[d] ?? 0 })) });
    setBusy(false);
    if (r.ok) {
      setReport(r.value);
      setCounts({});
      setCollectionId(newCollectionId());
      void load();
    } else setError(errorSentence('Cash.Collect', r.error));
  };

  return (
    <section className="card" data-testid="diag-cash">
      <h2>{t('cash.title')}</h2>
      {preview && (
        <p className="muted" data-testid="diag-cash-period">
          {t('cash.period', { since: preview.periodStartAt ? shanghaiTime(preview.periodStartAt) : t('cash.sinceStart') })} · {t('cash.acceptorCount', { count: preview.acceptorNotesInPeriod ?? -1 })}
        </p>
      )}
      <table className="diag-table">
        <thead>
          <tr>
            <th scope="col">{t('cash.denomination')}</th>
            <th scope="col">{t('cash.journal')}</th>
            <th scope="col">{t('cash.physical')}</th>
            <th scope="col">{t('cash.difference')}</th>
          </tr>
        </thead>
        <tbody>
          {denominations.map((d) => {
            const journal = journalBy.get(d) ?? 0;
            const physical = counts[d] ?? 0;
            return (
              <tr key={d} data-testid={`diag-cash-row-${d}`}>
                <td>{formatFen(d)}</td>
                <td data-testid={`diag-cash-journal-${d}`}>{journal}</td>
                <td>
                  <div className="stepper">
                    <button type="button" className="button button--small" aria-label={t('cash.less', { value: formatFen(d) })} data-testid={`diag-cash-minus-${d}`} onClick={() => step(d, -1)}>
                      −
                    </button>
                    <output data-testid={`diag-cash-count-${d}`}>{physical}</output>
                    <button type="button" className="button button--small" aria-label={t('cash.more', { value: formatFen(d) })} data-testid={`diag-cash-plus-${d}`} onClick={() => step(d, 1)}>
                      +
                    </button>
                  </div>
                </td>
                <td className={physical === journal ? '' : 'diag-bad'}>{physical - journal}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p data-testid="diag-cash-totals">
        {t('cash.totals', { journal: formatFen(preview?.journalTotalFen ?? 0), physical: formatFen(physicalTotal) })} ·{' '}
        <strong className={difference === 0 ? 'diag-ok' : 'diag-bad'}>{difference === 0 ? t('cash.matches') : t('cash.differs', { amount: formatFen(difference) })}</strong>
      </p>
      {error && (
        <p className="notice notice--error" role="alert" data-testid="diag-cash-error">
          {error}
        </p>
      )}
      {report && (
        <p className="notice notice--ok" role="status" data-testid="diag-cash-report">
          {t('cash.recorded', { id: report.collectionId, seq: report.closingSeq, copies: report.copies.map((c) => `${t(`cash.copy.${c.copy}`)} ${c.state}`).join('，') })}
        </p>
      )}
      <div className="diagnostics__actions">
        <button type="button" className="button button--primary" data-testid="diag-cash-collect" disabled={busy || !preview} onClick={() => void collect()}>
          {t('cash.collect')}
        </button>
      </div>
    </section>
  );
}
