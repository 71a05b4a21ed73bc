import type { WebSocket } from 'ws';

export type Frame = Record<string, any>;
export type Reply = (result: unknown) => void;
export type Fail = (error: string, code?: number) => void;

/**
 * Serves the emulator's small JSON protocols (the Conversations and Sync stand-ins): requests
 * `{id, op, …}` are answered `{id, ok: true, result}` or `{id, ok: false, error, code}`; a handler
 * that throws fails the request with the error's message and `code`. Unparseable frames are ignored.
 */
export function serveJson(ws: WebSocket, onFrame: (frame: Frame, reply: Reply, fail: Fail) => void, onClose: () => void): void {
  ws.on('close', onClose);
  ws.on('error', onClose);
  ws.on('message', (data: Buffer) => {
    let frame: Frame;
    try {
      frame = JSON.parse(data.toString('utf8')) as Frame;
    } catch {
      return;
    }
    const reply: Reply = (result) => ws.send(JSON.stringify({ id: frame['id'], ok: true, result }));
    const fail: Fail = (error, code = 0) => ws.send(JSON.stringify({ id: frame['id'], ok: false, error, code }));
    try {
      onFrame(frame, reply, fail);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error), (error as { code?: number }).code ?? 0);
    }
  });
}
