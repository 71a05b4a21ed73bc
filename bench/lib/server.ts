import { createServer, type Server } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

/** A static file server on 127.0.0.1 and a random free port, plus pages held in memory. */
export interface StaticServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  /** Serves `html` at a fresh URL and returns that URL. */
  page(html: string): string;
  close(): Promise<void>;
}

/**
 * Serves `root` (the repository root by default) read-only; nothing is cached by the browser.
 * `cdn`, when given, serves /cdn/ from that folder instead (a snapshot safe from concurrent rebuilds).
 */
export async function startServer(root = resolve(import.meta.dirname, '../..'), cdn?: string): Promise<StaticServer> {
  const pages = new Map<string, string>();
  let counter = 0;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const headers = { 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
    const virtual = pages.get(url.pathname);
    if (virtual !== undefined) {
      response.writeHead(200, { ...headers, 'content-type': TYPES['.html'] }).end(virtual);
      return;
    }
    let path: string;
    try {
      const pathname = decodeURIComponent(url.pathname);
      path =
        cdn && pathname.startsWith('/cdn/')
          ? normalize(join(cdn, pathname.slice('/cdn/'.length)))
          : normalize(join(root, pathname));
    } catch {
      response.writeHead(400).end('Bad request');
      return;
    }
    if (path !== root && !path.startsWith(root + sep) && !(cdn && path.startsWith(cdn + sep))) {
      response.writeHead(403).end('Forbidden');
      return;
    }
    try {
      if (!statSync(path).isFile()) throw new Error('not a file');
    } catch {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(response);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    page(html) {
      const path = `/__bench/page-${++counter}.html`;
      pages.set(path, html);
      return origin + path;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
