import type { Middleware } from 'koa';
import { canonicalAddress, networkList, type NetworkList } from './network-list.js';
import type { RequestState } from './request-context.js';

/** Longest forwarded value kept as a client address (one that is no IP address never matches a network anyway). */
const MAX_ADDRESS_LENGTH = 64;

/**
 * Sets ctx.state.clientIp: the socket's peer, unless the peer is one of `trustedProxies`; then
 * X-Forwarded-For is read right to left, past trusted hops, to the first untrusted one. Anything
 * left of that hop was written by the client itself and is ignored.
 */
export function clientAddress(trustedProxies: readonly string[]): Middleware<RequestState> {
  const trusted = networkList(trustedProxies);
  return async (ctx, next) => {
    ctx.state.clientIp = resolveClientAddress(ctx.req.socket.remoteAddress ?? '', ctx.get('x-forwarded-for'), trusted);
    await next();
  };
}

export function resolveClientAddress(peer: string, forwardedFor: string, trusted: NetworkList): string {
  let client = canonicalAddress(peer);
  if (!trusted.includes(client)) return client;
  const hops = forwardedFor
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    client = canonicalAddress(hops[i]!).slice(0, MAX_ADDRESS_LENGTH);
    if (!trusted.includes(client)) return client;
  }
  return client; // every hop trusted: the leftmost is the client
}
