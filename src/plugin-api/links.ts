import type { PluginLinks } from './context.js';

/*
 * The broker's URLs for one wallet identifier, written once: the host hands them to the plugin
 * (`ctx.links`), the composition root's BrokerLinks puts the same webhook URL in every checkout
 * request, and the conformance kit's doubles give a plugin's tests the links the host would.
 * Not exported from index.ts: plugins read their links from the context.
 */

/** Where a provider posts this wallet identifier's webhooks. */
export const webhookUrl = (publicUrl: string, wallet: string): string => `${publicUrl}/webhooks/${wallet}`;

export function pluginLinks(publicUrl: string, wallet: string): PluginLinks {
  return {
    publicUrl,
    route: (path) => `${publicUrl}/plugins/${wallet}${path.startsWith('/') ? path : `/${path}`}`,
    webhookUrl: webhookUrl(publicUrl, wallet),
  };
}
