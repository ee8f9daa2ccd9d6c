import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface LegacyHit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type LegacyRoute = (hit: LegacyHit, response: ServerResponse) => void;

/**
 * A stand-in for the monolith a strangler-fig gateway retires route by route: a plain HTTP
 * server that records what reached it and answers per route (exact path, query ignored). Routes
 * can be changed while it runs; an unknown path answers 404.
 */
export class LegacyServer {
  readonly hits: LegacyHit[] = [];
  readonly routes = new Map<string, LegacyRoute>();
  private server?: Server;
  private port = 0;

  /** Listens on `port` (0: any free one). Can be started again on the same port after stop(). */
  async start(port = this.port): Promise<this> {
    const server = createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  hitsOn(path: string): LegacyHit[] {
    return this.hits.filter((hit) => hit.url.split('?')[0] === path);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const hit: LegacyHit = {
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks),
      };
      this.hits.push(hit);
      const route = this.routes.get(hit.url.split('?')[0]);
      if (route) return route(hit, response);
      response.writeHead(404, { 'content-type': 'text/plain' }).end('legacy: no such page');
    });
  }
}

/** Answers JSON with `status`. */
export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): LegacyRoute =>
  (_, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };

/** Never answers (the connection stays open until the server stops). */
export const hang: LegacyRoute = () => undefined;
