// A rollout's state as a badge (a shape and a word, never colour alone) and its target selector
// as a sentence, shared by the rollout list and the rollout page.
import { useTranslation } from 'react-i18next';
import type { RolloutState, TargetSelector } from '../../../../src-common/wire/fleetAdmin';

const SHAPES: Readonly<Record<RolloutState, string>> = { running: '▶', paused: '❚❚', completed: '✔', aborted: '✖', canceled: '■' };

export function RolloutStateBadge({ state }: { readonly state: RolloutState }) {
  const { t } = useTranslation('rollouts');
  return (
    <span className={`badge badge-rollout-${state}`} data-state={state} data-testid="rollout-state">
      <span aria-hidden="true">{SHAPES[state]}</span> {t(`states.${state}`)}
    </span>
  );
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** "Group villages · Level 村级" style; every kiosk when the selector is empty. */
export function targetText(target: TargetSelector, t: Translate): string {
  const parts: string[] = [];
  if (target.group) parts.push(t('groupTarget', { group: target.group }));
  if (target.regionPrefix) parts.push(t('regionTarget', { region: target.regionPrefix }));
  if (target.levels) parts.push(t('levelTarget', { levels: target.levels.map((l) => t(`level.${l}`, { ns: 'common' })).join('、') }));
  if (target.siteKinds) parts.push(t('siteTarget', { sites: target.siteKinds.map((s) => t(`siteKind.${s}`, { ns: 'common' })).join('、') }));
  if (target.hardware) parts.push(t('hardwareTarget', { hardware: target.hardware.join('、') }));
  if (target.kioskIds) parts.push(t('kioskTarget', { count: target.kioskIds.length }));
  return parts.length === 0 ? t('everyKiosk') : parts.join(' · ');
}
