import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One span as an OTLP/JSON export carries it, with the service that sent it. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans?: Array<{
    resource: { attributes: OtlpAttribute[] };
    scopeSpans?: Array<{
      spans?: Array<
        Omit<ReceivedSpan, 'service' | 'attributes'> & { attributes?: OtlpAttribute[] }
      >;
    }>;
  }>;
}

/** OTLP's SpanKind numbers (opentelemetry-proto trace.proto). */
export const SPAN_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;

/**
 * A stand-in for an OpenTelemetry Collector on 127.0.0.1: takes OTLP/HTTP JSON at `/v1/traces`
 * from the apps a test starts, and keeps every span for the test to read.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    const receiver = new OtlpReceiver(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          if (request.url === '/v1/traces') receiver.take(Buffer.concat(chunks).toString('utf8'));
        } catch (error) {
          // Not OTLP/JSON (an app left on protobuf): refused, so the exporter logs why.
          response.writeHead(400).end(String(error));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /**
   * The encoding to ask the apps for, as OTEL_EXPORTER_OTLP_PROTOCOL: JSON, which this reads with
   * JSON.parse (the apps' default, protobuf, is covered by otlp-export.int-spec.ts).
   */
  readonly protocol = 'http/json';

  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private take(body: string): void {
    const exported = JSON.parse(body) as OtlpExport;
    for (const resourceSpans of exported.resourceSpans ?? []) {
      const service = String(valueOf(resourceSpans.resource.attributes, 'service.name'));
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          const attributes: ReceivedSpan['attributes'] = {};
          for (const { key, value } of span.attributes ?? []) attributes[key] = plain(value);
          this.spans.push({
            service,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
            name: span.name,
            kind: span.kind,
            attributes,
          });
        }
      }
    }
  }
}

function valueOf(attributes: OtlpAttribute[], key: string) {
  const found = attributes.find((attribute) => attribute.key === key);
  return found ? plain(found.value) : undefined;
}

function plain(value: OtlpValue): string | number | boolean {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.doubleValue !== undefined) return value.doubleValue;
  return Number(value.intValue);
}
