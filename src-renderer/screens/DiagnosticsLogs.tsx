// Diagnostics: the log viewer — the newest lines of the redacted core log, filtered by level and by
// text typed on the on-screen keyboard (no OS keyboard on a kiosk), newest first.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../src-common/api/contract';
import type { Methods } from '../../src-common/api';
import { useKiosk } from '../app/KioskContext';
import { OnScreenKeyboard } from '../components/keyboard/OnScreenKeyboard';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];
type LogLine = OutputOf<Methods['Technician.Logs']>['lines'][number];

/** A log line's UTC time as the kiosk's wall clock (Asia/Shanghai), to the millisecond. */
function shanghaiClock(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}.${String(at.getUTCMilliseconds()).padStart(3, '0')}`;
}

export default function DiagnosticsLogs() {
  const { t } = useTranslation('diagnostics');
  const { client } = useKiosk();
  const [level, setLevel] = useState<Level>('info');
  const [search, setSearch] = useState('');
  const [lines, setLines] = useState<readonly LogLine[]>([]);
  const [typing, setTyping] = useState(false);

  const load = useCallback(async () => {
    const r = await client.call('Technician.Logs', { level, search, limit: 200 });
    if (r.ok) setLines(r.value.lines);
  }, [client, level, search]);
  useEffect(() => void load(), [load]);

  return (
    <section className="card" data-testid="diag-logs">
      <h2>{t('logs.title')}</h2>
      <div className="diag-tabs" role="radiogroup" aria-label={t('logs.level')}>
        {LEVELS.map((l) => (
          <button key={l} type="button" role="radio" aria-checked={level === l} className={`diag-tab${level === l ? ' diag-tab--active' : ''}`} data-testid={`diag-logs-level-${l}`} onClick={() => setLevel(l)}>
            {t(`logs.levels.${l}`)}
          </button>
        ))}
      </div>
      <div className="diag-heading">
        <input className="diag-search" readOnly inputMode="none" aria-label={t('logs.search')} placeholder={t('logs.search')} data-testid="diag-logs-search" value={search} onClick={() => setTyping(true)} />
        <button type="button" className="button" data-testid="diag-logs-refresh" onClick={() => void load()}>
          {t('logs.refresh')}
        </button>
      </div>
      {typing && <OnScreenKeyboard value={search} onChange={setSearch} modes={['letters', 'digits']} maxLength={100} onDone={() => setTyping(false)} />}
      <p className="muted" data-testid="diag-logs-count">
        {t('logs.count', { count: lines.length })}
      </p>
      <ol className="diag-log" data-testid="diag-logs-lines">
        {lines.map((line, i) => (
          <li key={`${line.time}-${i}`} className={`diag-log__line diag-log__line--${line.level}`}>
            <span className="diag-log__time">{shanghaiClock(line.time)}</span> <strong>{line.level}</strong> {line.module} <strong>{line.event}</strong> <span className="muted">{line.fields === '{}' ? '' : line.fields}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
