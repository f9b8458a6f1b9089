// One drawn icon per citizen service (issue #16, defect 12): line drawings in SVG instead of single
// characters ("一" read as a minus sign), the same in Chinese and English.
import type { ServiceEntry } from '../../../src-common/api/kiosk';
import { assertNever } from '../../../src-common/result';

const STROKE = { fill: 'none', stroke: 'currentColor', strokeWidth: 4, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

function paths(service: ServiceEntry) {
  switch (service) {
    case 'apply': // a form and a pen
      return (
        <>
          <path {...STROKE} d="M14 8h24l10 10v38H14z" />
          <path {...STROKE} d="M38 8v10h10M21 28h18M21 37h12" />
          <path {...STROKE} d="M44 50l12-12 4 4-12 12h-4z" />
        </>
      );
    case 'bundle': // several forms bound into one
      return (
        <>
          <path {...STROKE} d="M20 12h26v34H20z" />
          <path {...STROKE} d="M14 18v34h26" />
          <path {...STROKE} d="M8 24v34h26" />
          <path {...STROKE} d="M27 24h12M27 32h12" />
        </>
      );
    case 'pay': // a coin with the yuan sign
      return (
        <>
          <circle {...STROKE} cx="32" cy="32" r="24" />
          <path {...STROKE} d="M23 19l9 12 9-12M32 31v16M24 34h16M24 41h16" />
        </>
      );
    case 'pickup': // a certificate with its seal
      return (
        <>
          <path {...STROKE} d="M8 12h48v30H8z" />
          <path {...STROKE} d="M16 22h20M16 30h14" />
          <circle {...STROKE} cx="44" cy="30" r="6" />
          <path {...STROKE} d="M40 36l-3 18 7-5 7 5-3-18" />
        </>
      );
    case 'proof': // a printer with a sheet coming out
      return (
        <>
          <path {...STROKE} d="M18 8h28v14H18z" />
          <path {...STROKE} d="M8 22h48v22H8z" />
          <path {...STROKE} d="M18 36h28v20H18zM24 44h16M24 50h10" />
        </>
      );
    case 'query': // a magnifier over a progress line
      return (
        <>
          <circle {...STROKE} cx="27" cy="27" r="16" />
          <path {...STROKE} d="M39 39l16 16" />
          <path {...STROKE} d="M19 28l6 6 10-12" />
        </>
      );
    default:
      return assertNever(service, 'service entry');
  }
}

export function ServiceIcon(props: { readonly service: ServiceEntry; readonly className?: string }) {
  return (
    <svg className={props.className} viewBox="0 0 64 64" aria-hidden="true" focusable="false" data-icon={props.service}>
      {paths(props.service)}
    </svg>
  );
}
