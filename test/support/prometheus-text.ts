import { ADMIN_BEARER } from './admin-orders.js';

/** One scrape, read back: `value('name', {label: 'x'})` is the sample with exactly those labels, or undefined. */
export interface Scrape {
  readonly text: string;
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Every sample of a metric, as its labels and value. */
  samples(name: string): { labels: Record<string, string>; value: number }[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Reads the Prometheus text exposition format (comments skipped). */
export function parseScrape(text: string): Scrape {
  const all: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const m = SAMPLE.exec(line);
    if (!m || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    all.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  const same = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);
  return {
    text,
    value: (name, labels = {}) => all.find((s) => s.name === name && same(s.labels, labels))?.value,
    samples: (name) => all.filter((s) => s.name === name).map(({ labels, value }) => ({ labels, value })),
  };
}

/** GET /metrics with the test admin token (null: none). */
export async function scrape(base: string, token: string | null = ADMIN_BEARER): Promise<{ status: number; type: string; scrape: Scrape }> {
  const res = await fetch(`${base}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', scrape: parseScrape(text) };
}
