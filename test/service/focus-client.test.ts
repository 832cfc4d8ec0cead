import { describe, expect, it } from 'vitest';
import { createServiceClient, type ServiceRequest } from '../../src/widget/service-client';

const state = { session: null, snoozed: [], availability: { kind: 'available' } };

describe('widget service client: focus calls', () => {
  it('posts the advance and reports a deal another tab already passed as stale', async () => {
    const sent: ServiceRequest[] = [];
    const client = createServiceClient(async (request) => {
      sent.push(request);
      throw { status: 409, responseJSON: { error: 'stale_deal', ...state } };
    }, 'https://svc.example/');
    const result = await client.focus.advance({ dealId: 5, outcome: { kind: 'dropped' } });
    expect(result).toEqual({ kind: 'stale', state: { error: 'stale_deal', ...state } });
    expect(sent[0]).toMatchObject({ url: 'https://svc.example/api/v1/focus/session/advance', method: 'POST', data: '{"dealId":5,"outcome":{"kind":"dropped"}}' });
  });

  it('revokes a key through the POST alias and rejects an answer of the wrong shape', async () => {
    const urls: string[] = [];
    const client = createServiceClient(async (request) => {
      urls.push(`${request.method} ${request.url}`);
      return { unexpected: true };
    }, 'https://svc.example');
    await client.focus.revokeExternalKey('12');
    expect(urls).toEqual(['POST https://svc.example/api/v1/external/keys/12/revoke']);
    await expect(client.focus.getSession()).rejects.toMatchObject({ kind: 'invalid_answer' });
  });
});
