import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A stand-in OTLP/HTTP collector on loopback: accepts every export, keeps nothing but a count. */
export interface SinkCollector {
  /** Base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  readonly url: string;
  /** Export requests received so far (each a batch of spans). */
  readonly exports: number;
  close(): Promise<void>;
}

export async function sinkCollector(): Promise<SinkCollector> {
  let exports = 0;
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      exports++;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get exports() {
      return exports;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
