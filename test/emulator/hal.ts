/** HAL collection pages as amoCRM builds them (§4.1): `_page`, `_links.self/next/prev/first`, `_embedded`. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { metaOf, sendEmpty, sendHal } from './context';
import type { Paging } from './query';

export function withSelfLink<T extends object>(item: T, href: string): T & { _links: { self: { href: string } } } {
  return { ...item, _links: { self: { href } } };
}

function pageHref(baseUrl: string, request: FastifyRequest, page: number, limit: number): string {
  const [path = '', search = ''] = request.url.split('?');
  const params = search.split('&').filter((p) => p && !p.startsWith('page=') && !p.startsWith('limit='));
  params.push(`limit=${limit}`, `page=${page}`);
  return `${baseUrl}${path}?${params.join('&')}`;
}

export function sendPage<T>(
  reply: FastifyReply, request: FastifyRequest, baseUrl: string, key: string, all: readonly T[], paging: Paging,
  present: (item: T) => unknown,
): FastifyReply {
  const start = (paging.page - 1) * paging.limit;
  const slice = all.slice(start, start + paging.limit);
  metaOf(request).elements = slice.length;
  if (slice.length === 0) return sendEmpty(reply);
  const links: Record<string, { href: string }> = { self: { href: pageHref(baseUrl, request, paging.page, paging.limit) } };
  if (start + paging.limit < all.length) links.next = { href: pageHref(baseUrl, request, paging.page + 1, paging.limit) };
  if (paging.page > 1) {
    links.first = { href: pageHref(baseUrl, request, 1, paging.limit) };
    links.prev = { href: pageHref(baseUrl, request, paging.page - 1, paging.limit) };
  }
  return sendHal(reply, { _page: paging.page, _links: links, _embedded: { [key]: slice.map(present) } });
}

/** The answer to a batch write (§4.4): the collection's self link and the written elements under `_embedded[key]`. */
export function batchAnswer(collectionHref: string, key: string, elements: readonly unknown[]) {
  return { _links: { self: { href: collectionHref } }, _embedded: { [key]: elements } };
}

export function compareBy<T>(field: (item: T) => number, direction: 'asc' | 'desc'): (a: T, b: T) => number {
  const sign = direction === 'asc' ? 1 : -1;
  return (a, b) => sign * (field(a) - field(b));
}
