// Finding a service: by department, by life event (a person's life cycle and a business's), or
// by text and pinyin initials typed on the on-screen keyboard (`bdc` finds 不动产…). The 办事
// entry lists items; the 一件事 entry lists bundles. An entry that cannot run now says why. The
// tab, filter and search live in the journey's state, so coming back finds them as they were.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleSummary, ItemSummary, LifeEvent } from '../../../src-common/api/catalog';
import { formatFen } from '../../../src-common/domain/money';
import type { Capability } from '../../../src-common/domain/device';
import { useKiosk } from '../../app/KioskContext';
import { KeyboardField } from '../../components/KeyboardField';
import { useFormat } from '../../i18n/format';
import type { BrowseState, CatalogChoice } from './applyMachine';
import { useCatalogList, useCatalogSearch } from './useCatalog';

export type JourneyMode = 'apply' | 'bundle';

type Tab = BrowseState['tab'];

/** A person's life cycle, then a business's (the two 生命周期 of 一网通办). */
const PERSON_EVENTS: readonly LifeEvent[] = ['birth', 'schooling', 'employment', 'marriage', 'housing', 'health', 'travel', 'assistance', 'retirement', 'death'];
const ENTITY_EVENTS: readonly LifeEvent[] = ['founding', 'operating', 'changing', 'closing'];
/** Applications are accepted offline (queued) and paid later, so these never block an item here. */
const NOT_NEEDED_TO_APPLY: readonly Capability[] = ['platformOnline', 'qrPay', 'cashIn', 'camera'];

export function CatalogBrowser(props: {
  readonly mode: JourneyMode;
  readonly browse: BrowseState;
  readonly onBrowse: (change: Partial<BrowseState>) => void;
  readonly notice?: string;
  readonly onChoose: (choice: CatalogChoice) => void;
}) {
  const { t } = useTranslation('apply');
  const format = useFormat();
  const loaded = useCatalogList();
  // The 一件事 entry opens on life events (bundles are grouped by them).
  const tab: Tab = props.mode === 'bundle' && props.browse.tab === 'department' ? 'lifeEvent' : props.browse.tab;
  const { department, lifeEvent, query } = props.browse;
  const [keyboardOpen, setKeyboardOpen] = useState(false);
  const results = useCatalogSearch(query, tab === 'search');

  if (loaded === 'failed') return <p className="notice notice--error" role="alert">{t('browse.loadFailed')}</p>;
  if (!loaded) return <p className="browse__loading">{t('browse.loading')}</p>;
  const list = loaded;

  const events = list.lifeEvents.map((e) => e.id);
  const tabs: Tab[] = ['department', 'lifeEvent', 'search'];
  const tabLabel = (k: Tab) => t(k === 'department' ? 'browse.byDepartment' : k === 'lifeEvent' ? 'browse.byLifeEvent' : 'browse.search');
  const shownTabs = props.mode === 'bundle' ? tabs.filter((k) => k !== 'department') : tabs;

  type Entry = { kind: 'item'; item: ItemSummary } | { kind: 'bundle'; bundle: BundleSummary };
  let entries: readonly Entry[] = [];
  if (tab === 'department' && department) entries = list.items.filter((i) => i.department.id === department).map((item) => ({ kind: 'item', item }));
  if (tab === 'lifeEvent') {
    const bundles = list.bundles.filter((b) => !lifeEvent || b.lifeEvent === lifeEvent).map((bundle) => ({ kind: 'bundle' as const, bundle }));
    const items = lifeEvent ? list.items.filter((i) => i.lifeEvents.includes(lifeEvent)).map((item) => ({ kind: 'item' as const, item })) : [];
    entries = props.mode === 'bundle' ? bundles : lifeEvent ? [...bundles, ...items] : [];
  }
  if (tab === 'search' && results) {
    entries = results.flatMap((r): Entry[] => {
      const item = r.kind === 'item' ? list.items.find((i) => i.id === r.id) : undefined;
      const bundle = r.kind === 'bundle' ? list.bundles.find((b) => b.id === r.id) : undefined;
      return item ? [{ kind: 'item' as const, item }] : bundle ? [{ kind: 'bundle' as const, bundle }] : [];
    });
  }

  return (
    <div className="browse" data-testid="catalog-browser">
      {props.notice && <p className="notice notice--error" role="alert">{props.notice}</p>}
      <div className="browse__tabs" role="tablist">
        {shownTabs.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={`chip-option ${tab === k ? 'chip-option--on' : ''}`} data-testid={`browse-tab-${k}`} onClick={() => props.onBrowse({ tab: k })}>
            {tab === k && <span aria-hidden="true">● </span>}
            {tabLabel(k)}
          </button>
        ))}
      </div>

      {tab === 'department' && !department && <p className="lead">{t('browse.chooseDepartment')}</p>}
      {tab === 'lifeEvent' && !lifeEvent && props.mode === 'apply' && <p className="lead">{t('browse.chooseLifeEvent')}</p>}
      {tab === 'department' && (
        <div className="browse__filters" role="group" aria-label={t('browse.chooseDepartment')}>
          {list.departments
            .filter((d) => list.items.some((i) => i.department.id === d.id))
            .map((d) => (
              <button key={d.id} type="button" aria-pressed={department === d.id} className={`chip-option ${department === d.id ? 'chip-option--on' : ''}`} data-testid={`department-${d.id}`} onClick={() => props.onBrowse({ department: d.id })}>
                {department === d.id && <span aria-hidden="true">✓ </span>}
                {format.text(d.name)}
              </button>
            ))}
        </div>
      )}

      {tab === 'lifeEvent' && (
        <div className="browse__events">
          {[
            { label: t('browse.person'), ids: PERSON_EVENTS },
            { label: t('browse.legalEntity'), ids: ENTITY_EVENTS },
          ].map((group) => (
            <div key={group.label} className="browse__filters" role="group" aria-label={group.label}>
              <span className="browse__group">{group.label}</span>
              {group.ids
                .filter((id) => events.includes(id) && (props.mode === 'apply' || list.bundles.some((b) => b.lifeEvent === id)))
                .map((id) => (
                  <button key={id} type="button" aria-pressed={lifeEvent === id} className={`chip-option ${lifeEvent === id ? 'chip-option--on' : ''}`} data-testid={`life-event-${id}`} onClick={() => props.onBrowse({ lifeEvent: lifeEvent === id ? undefined : id })}>
                    {lifeEvent === id && <span aria-hidden="true">✓ </span>}
                    {format.text(list.lifeEvents.find((e) => e.id === id)!.name)}
                  </button>
                ))}
            </div>
          ))}
        </div>
      )}

      {tab === 'search' && (
        <KeyboardField
          id="catalog-search"
          label={t('browse.searchLabel')}
          hint={t('browse.searchHint')}
          value={query}
          onChange={(text) => props.onBrowse({ query: text })}
          active={keyboardOpen}
          onActivate={() => setKeyboardOpen(true)}
          onDone={() => setKeyboardOpen(false)}
          modes={['letters', 'pinyin']}
          maxLength={32}
        />
      )}
      {tab === 'search' && results && (
        <p className="browse__count" aria-live="polite" data-testid="search-count">
          {results.length > 0 ? t('browse.resultsCount', { count: results.length }) : t('browse.noResults')}
        </p>
      )}

      <ul className="entries" data-testid="catalog-entries">
        {entries.map((entry) => (entry.kind === 'item' ? <ItemEntry key={`i-${entry.item.id}`} item={entry.item} onChoose={props.onChoose} /> : <BundleEntry key={`b-${entry.bundle.id}`} bundle={entry.bundle} onChoose={props.onChoose} />))}
      </ul>
    </div>
  );
}

function ItemEntry(props: { readonly item: ItemSummary; readonly onChoose: (choice: CatalogChoice) => void }) {
  const { t } = useTranslation('apply');
  const { t: tc } = useTranslation();
  const { status } = useKiosk();
  const format = useFormat();
  const blocking = props.item.capabilities
    .filter((c) => !NOT_NEEDED_TO_APPLY.includes(c))
    .map((c) => status.capabilities.capabilities.find((s) => s.capability === c))
    .find((s) => s && !s.available);
  const fee = props.item.feeFen > 0 ? t('browse.fee', { amount: formatFen(props.item.feeFen) }) : t('browse.free');
  return (
    <li>
      <button type="button" className={`entry ${blocking ? 'entry--disabled' : ''}`} aria-disabled={Boolean(blocking)} data-testid={`entry-item-${props.item.id}`} onClick={() => !blocking && props.onChoose({ kind: 'item', id: props.item.id })}>
        <span className="entry__kind">{t('browse.kindItem')}</span>
        <span className="entry__name">{format.text(props.item.name)}</span>
        <span className="entry__meta">
          {format.text(props.item.department.name)} · {fee}
        </span>
        {blocking && <span className="entry__blocked">⚠ {t('browse.unavailable', { reason: tc(blocking.reasonKey ?? 'reason.deviceFault') })}</span>}
      </button>
    </li>
  );
}

function BundleEntry(props: { readonly bundle: BundleSummary; readonly onChoose: (choice: CatalogChoice) => void }) {
  const { t } = useTranslation('apply');
  const format = useFormat();
  return (
    <li>
      <button type="button" className="entry entry--bundle" data-testid={`entry-bundle-${props.bundle.id}`} onClick={() => props.onChoose({ kind: 'bundle', id: props.bundle.id })}>
        <span className="entry__kind">{t('browse.kindBundle')}</span>
        <span className="entry__name">{format.text(props.bundle.name)}</span>
        <span className="entry__meta">{format.text(props.bundle.description)}</span>
        <span className="entry__meta">{t('browse.itemsInBundle', { count: props.bundle.items.length })}</span>
      </button>
    </li>
  );
}
