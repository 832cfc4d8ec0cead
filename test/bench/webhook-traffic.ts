/**
 * What amoCRM sends, over loopback: realistic form-encoded status_lead bodies and a keep-alive
 * POST helper. Shared by the webhook benchmark's load process and the crash test.
 */
import http from 'node:http';

export const BENCH_ACCOUNT_ID = 31000001;
export const BENCH_SUBDOMAIN = 'demo';
export const BENCH_SECRET = 'bench-webhook-secret';

/** A status_lead webhook as amoCRM encodes it (§4.14, §9.2); `leadId` makes it unique. */
export function statusLeadBody(leadId: number): string {
  const lead = `leads[status][0]`;
  const fields: Array<[string, string]> = [
    [`${lead}[id]`, String(leadId)],
    [`${lead}[name]`, `Сделка №${leadId}`],
    [`${lead}[status_id]`, '143'],
    [`${lead}[old_status_id]`, '1002'],
    [`${lead}[price]`, String(1000 + (leadId % 9000))],
    [`${lead}[responsible_user_id]`, String(8001 + (leadId % 5))],
    [`${lead}[last_modified]`, String(1767600000 + leadId)],
    [`${lead}[modified_user_id]`, '8002'],
    [`${lead}[created_user_id]`, '8001'],
    [`${lead}[date_create]`, '1767000000'],
    [`${lead}[pipeline_id]`, '555'],
    [`${lead}[account_id]`, String(BENCH_ACCOUNT_ID)],
    [`${lead}[custom_fields][0][id]`, '4401'],
    [`${lead}[custom_fields][0][name]`, 'Источник'],
    [`${lead}[custom_fields][0][values][0][value]`, 'Сайт'],
    [`${lead}[created_at]`, '1767000000'],
    [`${lead}[updated_at]`, String(1767600000 + leadId)],
    ['account[subdomain]', BENCH_SUBDOMAIN],
    ['account[id]', String(BENCH_ACCOUNT_ID)],
    ['account[_links][self]', `https://${BENCH_SUBDOMAIN}.amocrm.ru`],
  ];
  return fields.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}

export interface PostResult { status: number }

export function postForm(agent: http.Agent, port: number, path: string, body: string): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1', port, path, method: 'POST', agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

export async function getJson(port: number, path: string): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return response.json();
}
