// Marks of the payment apps the kiosk's QR payment accepts (issue #16, defect 12), drawn here as
// simple original shapes in each service's colour with its name beside it — not copies of the
// trademarked logos, which a deployment may swap in under its own licence.
export type PaymentBrand = 'wechatPay' | 'alipay' | 'unionPay';

function Mark(props: { readonly brand: PaymentBrand }) {
  switch (props.brand) {
    case 'wechatPay':
      return (
        <svg viewBox="0 0 40 40" aria-hidden="true" focusable="false">
          <rect width="40" height="40" rx="9" fill="#07a35a" />
          <ellipse cx="17" cy="18" rx="10" ry="8" fill="#fff" />
          <ellipse cx="25" cy="24" rx="9" ry="7" fill="#fff" stroke="#07a35a" strokeWidth="2" />
          <path d="M11 27l2-4 3 2z" fill="#fff" />
        </svg>
      );
    case 'alipay':
      return (
        <svg viewBox="0 0 40 40" aria-hidden="true" focusable="false">
          <rect width="40" height="40" rx="9" fill="#1463d8" />
          <path d="M10 13h20M20 8v10M12 19h16c-2 8-8 13-16 15M18 24c4 4 8 6 13 7" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
        </svg>
      );
    case 'unionPay':
      return (
        <svg viewBox="0 0 40 40" aria-hidden="true" focusable="false">
          <path d="M6 6h10l-6 28H0z" transform="translate(3 0)" fill="#d4202c" />
          <path d="M16 6h10l-6 28H10z" transform="translate(3 0)" fill="#0b4ea2" />
          <path d="M26 6h10l-6 28H20z" transform="translate(3 0)" fill="#0a7d73" />
        </svg>
      );
  }
}

/** The marks in a row with their names (text, so a screen reader and a person who knows no logo read the same). */
export function PaymentMarks(props: { readonly brands: readonly PaymentBrand[]; readonly names: Readonly<Record<PaymentBrand, string>> }) {
  return (
    <span className="pay-marks" data-testid="payment-marks">
      {props.brands.map((brand) => (
        <span key={brand} className="pay-mark">
          <Mark brand={brand} />
          <span>{props.names[brand]}</span>
        </span>
      ))}
    </span>
  );
}
