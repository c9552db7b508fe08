import { connect, type Socket } from 'node:net';

/** A TCP client that writes on its own schedule, to play the slow, idle or hoarding client. */
export function openSocket(base: string): Promise<Socket> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Milliseconds until the server closes the socket (or `giveUpMs`, then null, closing it ourselves). */
export function closedWithin(socket: Socket, giveUpMs: number): Promise<number | null> {
  const started = Date.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, giveUpMs);
    socket.on('error', () => undefined); // a reset is a close too
    socket.resume(); // an unread answer would hold back 'end', and so 'close'
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

/** Writes `total` bytes of `a`, one every `everyMs`, until done or the socket closes; answers how many were written. */
export function dribble(socket: Socket, total: number, everyMs: number): Promise<number> {
  return new Promise((resolve) => {
    let written = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || written >= total) {
        clearInterval(timer);
        resolve(written);
        return;
      }
      socket.write('a');
      written++;
    }, everyMs);
    socket.once('close', () => {
      clearInterval(timer);
      resolve(written);
    });
  });
}

/** Sends a request head and a body (text, or that many bytes of `x`) and answers the status the server replies with, or null. */
export async function statusAfterHead(base: string, head: string, body: number | string = 0): Promise<number | null> {
  const socket = await openSocket(base);
  return new Promise((resolve) => {
    let text = '';
    const done = (status: number | null) => {
      socket.destroy();
      resolve(status);
    };
    socket.on('error', () => done(null));
    socket.on('close', () => done(null));
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (m) done(Number(m[1]));
    });
    socket.write(`${head}\r\n\r\n`);
    socket.write(typeof body === 'string' ? body : Buffer.alloc(body, 120));
  });
}
