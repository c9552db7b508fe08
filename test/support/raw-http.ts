import { connect } from 'node:net';

export interface RawReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * One HTTP/1.0 request written on a plain socket, with the path exactly as given: fetch would
 * normalise `//`, `\`, `/./` and `..`, and http.request (under nock) would read `//x` as a host,
 * and those spellings are precisely what an attacker tries.
 */
export function rawRequest(
  base: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawReply> {
  const url = new URL(base);
  const body = options.body ?? '';
  const headers = { host: url.host, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...options.headers };
  const head = [`${options.method} ${options.path} HTTP/1.0`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => resolve(parseReply(Buffer.concat(chunks).toString('utf8'))));
    socket.write(`${head}\r\n\r\n${body}`);
  });
}

function parseReply(text: string): RawReply {
  const split = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = (split < 0 ? text : text.slice(0, split)).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: split < 0 ? '' : text.slice(split + 4) };
}
