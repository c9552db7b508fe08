import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
}

/** A local HTTP server that records every request and answers 200: an operator's alert webhook. */
export class HttpReceiver {
  readonly received: ReceivedPost[] = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<HttpReceiver> {
    const receiver: HttpReceiver = new HttpReceiver(
      createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          receiver.received.push({
            path: req.url ?? '',
            contentType: req.headers['content-type'] ?? '',
            body: Buffer.concat(chunks).toString('utf8'),
          });
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        });
      }),
    );
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path = '/alerts'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }
}
