/** Placeholder: replaced below once measured. */
export function funnelBaselineSql(): string {
  return 'SELECT 1';
}
