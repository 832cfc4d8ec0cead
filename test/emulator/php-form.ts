/**
 * PHP-style form encoding, the way amoCRM posts account webhooks (§9.2):
 * `leads[status][0][id]=101&account[subdomain]=demo`, every leaf a string.
 */
export type FormValue = string | number | boolean | null | undefined | FormValue[] | { [key: string]: FormValue };

export function encodePhpForm(value: { [key: string]: FormValue }): string {
  const pairs: string[] = [];
  const walk = (v: FormValue, key: string): void => {
    if (v === undefined) return;
    if (Array.isArray(v)) { v.forEach((item, i) => walk(item, `${key}[${i}]`)); return; }
    if (v !== null && typeof v === 'object') { for (const [k, child] of Object.entries(v)) walk(child, `${key}[${k}]`); return; }
    const text = v === null ? '' : typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
  };
  for (const [k, v] of Object.entries(value)) walk(v, k);
  // PHP's http_build_query leaves brackets percent-encoded; both forms decode identically.
  return pairs.join('&');
}
