import { describe, expect, it } from 'vitest';
import { parseForm } from '../../src/service/webhooks/form';

describe('parseForm', () => {
  it('builds nested objects and lists from PHP-style keys', () => {
    const result = parseForm('leads%5Bstatus%5D%5B0%5D%5Bid%5D=101&leads[status][0][status_id]=143&leads[status][1][id]=102&account[subdomain]=demo+shop');
    expect(result).toEqual({
      ok: true,
      value: { leads: { status: [{ id: '101', status_id: '143' }, { id: '102' }] }, account: { subdomain: 'demo shop' } },
    });
  });

  it('appends on empty brackets and keeps sparse indices as an object', () => {
    expect(parseForm('tags[]=a&tags[]=b&ids[3]=x')).toEqual({ ok: true, value: { tags: ['a', 'b'], ids: { 3: 'x' } } });
  });

  it.each([
    ['__proto__[polluted]=1', 'forbidden key __proto__'],
    ['leads[__proto__][x]=1', 'forbidden key __proto__'],
    ['a[constructor][prototype][x]=1', 'forbidden key constructor'],
    ['a[b=1', 'malformed key'],
    ['a]b[=1', 'malformed key'],
    ['[a]=1', 'malformed key'],
    ['a=1&a=2', 'given twice'],
    ['a=1&a[b]=2', 'both a value and a container'],
    ['a[b]=1&a=2', 'given twice or also used as a container'],
    ['a=%E0%A4%A', 'invalid percent-encoding'],
    [`${'a'.padEnd(600, 'a')}=1`, 'key too long'],
    [`a${'[b]'.repeat(20)}=1`, 'nested deeper'],
    ['a[99999999]=1', 'index above'],
  ])('refuses %s', (body, reason) => {
    const result = parseForm(body);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });

  it('refuses more fields than the limit', () => {
    const body = Array.from({ length: 11 }, (_, i) => `f${i}=1`).join('&');
    expect(parseForm(body, { maxPairs: 10, maxDepth: 5, maxIndex: 10, maxKeyLength: 50 }).ok).toBe(false);
  });

  it('never touches Object.prototype', () => {
    parseForm('__proto__[polluted]=yes&constructor[prototype][polluted]=yes');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
