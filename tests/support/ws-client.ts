// A WebSocket test client that records every frame and can wait for one matching a predicate.
import WebSocket from 'ws';

export interface TestSocket {
  ws: WebSocket;
  frames: any[];
  send(frame: unknown): void;
  sendRaw(data: string | Buffer): void;
  next(predicate: (f: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
}

export function connect(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const frames: any[] = [];
    const waiters: Array<{ predicate: (f: any) => boolean; resolve: (f: any) => void; from: number }> = [];
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      frames.push(frame);
      for (const w of [...waiters]) {
        if (w.predicate(frame)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(frame);
        }
      }
    });
    ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        frames,
        send: (frame) => ws.send(JSON.stringify(frame)),
        sendRaw: (data) => ws.send(data),
        next(predicate, timeoutMs = 10_000) {
          const seen = frames.find(predicate);
          if (seen) {
            frames.splice(frames.indexOf(seen), 1);
            return Promise.resolve(seen);
          }
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error(`no matching frame in ${timeoutMs} ms; got ${JSON.stringify(frames.slice(-5))}`)), timeoutMs);
            waiters.push({
              predicate,
              from: frames.length,
              resolve: (f) => {
                clearTimeout(timer);
                frames.splice(frames.indexOf(f), 1);
                res(f);
              },
            });
          });
        },
        close: () =>
          new Promise<void>((res) => {
            if (ws.readyState === ws.CLOSED) return res();
            ws.once('close', () => res());
            ws.close();
          }),
      }),
    );
  });
}
