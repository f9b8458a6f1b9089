// The product mark: a door that stays open under a moon (不打烊, "never closes"), drawn as SVG so it
// reads the same in every language and needs no image file.
export function BrandMark(props: { readonly className?: string }) {
  return (
    <svg className={props.className} viewBox="0 0 64 64" role="presentation" aria-hidden="true" focusable="false">
      <rect x="2" y="2" width="60" height="60" rx="14" fill="#c8102e" />
      <path d="M18 54V22a4 4 0 0 1 4-4h20a4 4 0 0 1 4 4v32" fill="none" stroke="#fff" strokeWidth="4" strokeLinejoin="round" />
      <path d="M22 54V24l14 5v25" fill="#fff" opacity="0.9" />
      <circle cx="32" cy="42" r="2" fill="#c8102e" />
      <path d="M49 8a8 8 0 1 0 7 11 6.5 6.5 0 0 1-7-11z" fill="#ffd65c" />
    </svg>
  );
}
