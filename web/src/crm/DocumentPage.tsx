export function InvoicePage() {
  return null;
}
export function QuotePage() {
  return null;
}
