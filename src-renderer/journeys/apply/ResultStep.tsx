// The result's details (inside the shared ResultScreen): the case number, large and grouped;
// "已提交至审批部门" only once the platform acknowledged it, otherwise "已受理，网络恢复后自动提交";
// what happened to the receipt; and the proactive push of related items and bundles
// (您可能还需要办理…), never one that contains what was just submitted.
import { useTranslation } from 'react-i18next';
import type { ApplicationSyncState, SubmitResult } from '../../../src-common/api/applications';
import type { BundleSummary, ItemSummary } from '../../../src-common/api/catalog';
import { formatFen } from '../../../src-common/domain/money';
import { assertNever } from '../../../src-common/result';
import { useFormat } from '../../i18n/format';
import type { CatalogChoice } from './applyMachine';

export interface RelatedOffers {
  readonly items: readonly ItemSummary[];
  readonly bundles: readonly BundleSummary[];
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** How far the accepted application got. */
function syncText(sync: ApplicationSyncState | 'waiting', t: Translate): string {
  switch (sync) {
    case 'waiting':
      return t('result.waiting');
    case 'acknowledged':
      return t('result.acknowledged');
    case 'queued':
      return t('result.queued');
    case 'deadLetter':
      return t('result.deadLetter');
    default:
      return assertNever(sync, 'sync state');
  }
}

export function ResultStep(props: {
  readonly result: SubmitResult;
  readonly sync: ApplicationSyncState | 'waiting';
  readonly promisedWorkingDays?: number | undefined;
  readonly related: RelatedOffers | undefined;
  readonly onChoose: (choice: CatalogChoice) => void;
}) {
  const { t } = useTranslation('apply');
  const format = useFormat();
  const { result, sync } = props;
  return (
    <div className="result" data-testid="apply-result" data-sync={sync}>
      <section className="card result__case">
        <p className="result__label">{t('result.caseNumber')}</p>
        <p className="result__number" data-testid="case-number">
          {result.caseNumber}
        </p>
        <p className={`result__sync result__sync--${sync}`} data-testid="sync-state">
          <span aria-hidden="true">{sync === 'acknowledged' ? '✓ ' : sync === 'deadLetter' ? '⚠ ' : '○ '}</span>
          {syncText(sync, t)}
        </p>
        {sync === 'queued' && <p className="lead">{t('result.queuedHint')}</p>}
        {props.promisedWorkingDays !== undefined && props.promisedWorkingDays > 0 && <p className="lead">{t('result.promised', { days: props.promisedWorkingDays })}</p>}
        {result.feeFen > 0 && <p className="lead">{t('result.fee', { amount: formatFen(result.feeFen) })}</p>}
      </section>
      <p className={`notice ${result.receipt.outcome === 'printed' ? 'notice--ok' : 'notice--warn'}`} data-testid="receipt-outcome" data-outcome={result.receipt.outcome}>
        <span aria-hidden="true">{result.receipt.outcome === 'printed' ? '✓ ' : '⚠ '}</span>
        {t(`result.receipt.${result.receipt.outcome}`)}
      </p>
      {props.related && props.related.items.length + props.related.bundles.length > 0 && (
        <section className="card related" data-testid="related" aria-labelledby="related-title">
          <h2 id="related-title" className="section-title">
            {t('result.related')}
          </h2>
          <p className="lead">{t('result.relatedHint')}</p>
          <ul className="entries">
            {props.related.bundles.map((b) => (
              <li key={`b-${b.id}`}>
                <button type="button" className="entry entry--bundle" data-testid={`related-bundle-${b.id}`} onClick={() => props.onChoose({ kind: 'bundle', id: b.id })}>
                  <span className="entry__kind">{t('browse.kindBundle')}</span>
                  <span className="entry__name">{format.text(b.name)}</span>
                </button>
              </li>
            ))}
            {props.related.items.map((i) => (
              <li key={`i-${i.id}`}>
                <button type="button" className="entry" data-testid={`related-item-${i.id}`} onClick={() => props.onChoose({ kind: 'item', id: i.id })}>
                  <span className="entry__kind">{t('browse.kindItem')}</span>
                  <span className="entry__name">{format.text(i.name)}</span>
                  <span className="entry__meta">{format.text(i.department.name)}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
