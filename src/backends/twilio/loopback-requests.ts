/**
 * Requests over the emulator's JSON websockets (the Conversations and Sync stand-ins): each
 * `{id, op, …}` waits for its `{id, ok, result}` or `{id, ok: false, error, code}`.
 */
export class LoopbackRequests {
  #seq = 0;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  /** Sends a request on an open socket; rejects at once when it is not open. */
  call(ws: WebSocket | undefined, op: string, payload: Record<string, unknown>, what: string): Promise<unknown> {
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error(`The ${what} connection is not open`));
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, op, ...payload }));
    });
  }

  /** Settles the request a reply frame answers; false when the frame is an event, not a reply. */
  settle(frame: Record<string, unknown>): boolean {
    if (typeof frame['id'] !== 'number') return false;
    const p = this.#pending.get(frame['id']);
    this.#pending.delete(frame['id']);
    if (frame['ok']) p?.resolve(frame['result']);
    else p?.reject(Object.assign(new Error(String(frame['error'])), { code: frame['code'] }));
    return true;
  }

  /** The socket closed: every request still waiting fails. */
  rejectAll(message: string): void {
    for (const p of this.#pending.values()) p.reject(new Error(message));
    this.#pending.clear();
  }
}
