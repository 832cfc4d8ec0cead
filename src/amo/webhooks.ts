/** Account webhooks (§4.14): admin only. */
import { AmoProtocolError } from './errors';
import type { AmoHttp } from './http';
import { asWire, mapWebhook, readAllPages } from './map';
import type { WebhookSubscription } from './port';
import type { WebhookWire } from './wire';

const PATH = '/api/v4/webhooks';

export function listWebhooks(http: AmoHttp): Promise<WebhookSubscription[]> {
  return readAllPages<WebhookWire, WebhookSubscription>(http.pages(PATH, 'webhooks'), mapWebhook);
}

/** amoCRM keys webhooks by destination: subscribing again replaces that destination's events. */
export async function subscribeWebhook(http: AmoHttp, destination: string, settings: readonly string[]): Promise<WebhookSubscription> {
  const body = await http.request('POST', PATH, { body: { destination, settings } });
  const [hook] = asWire<WebhookWire>(body === null ? [] : [body]);
  if (!hook) throw new AmoProtocolError({ method: 'POST', path: PATH, status: 200, detail: 'no webhook in the answer' });
  return mapWebhook(hook);
}

export async function unsubscribeWebhook(http: AmoHttp, destination: string): Promise<void> {
  await http.request('DELETE', PATH, { body: { destination } });
}
