// The number printed on a proof and shown on its preview: for people, so not the platform's
// internal key ("P-socialInsurance-20261126-004217", issue #16 defect 10) but its date and serial
// in groups ("20261126 004217"). A key of another shape is shown as its digits, grouped.

export function displayProofNumber(proofId: string): string {
  const known = /^P-[A-Za-z]+-(\d{8})-(\d+)$/.exec(proofId);
  if (known) return `${known[1]} ${known[2]}`;
  const digits = proofId.replace(/\D/g, '');
  return digits.length >= 6 ? digits.replace(/(\d{4})(?=\d)/g, '$1 ') : proofId;
}
