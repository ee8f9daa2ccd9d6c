import { BadGatewayException, Inject, Injectable } from '@nestjs/common';
import { IncomingHttpHeaders } from 'node:http';
import { traceHttpClientCall } from '@railyard/platform';
import { LegacyAnswer } from './legacy-answer';
import { LEGACY_OPTIONS, LegacyOptions } from './legacy-options';
import { legacyTarget } from './legacy-target';
import { forwardedHeaderNames, requestHeadersFor, responseHeadersFrom } from './proxy-headers';

/** The parts of Express's request a proxied call needs. */
export interface ProxiedRequest {
  method: string;
  originalUrl: string;
  headers: IncomingHttpHeaders;
  /** Kept by the gateway's body parsers. */
  rawBody?: Buffer;
  ip?: string;
  protocol: string;
  /** Express's: the Host header, or X-Forwarded-Host from a trusted proxy (`trust proxy`). */
  hostname?: string;
}

/** Bound on a legacy answer held in memory (it is read whole so a retry or a 5xx can replace it). */
const MAX_ANSWER_BYTES = 10 * 1024 * 1024;

/** Sends one request on to the legacy application over HTTP and reads its answer. */
@Injectable()
export class LegacyUpstream {
  private readonly base: URL;
  private readonly allowedHeaders: ReadonlySet<string>;

  constructor(@Inject(LEGACY_OPTIONS) private readonly options: LegacyOptions) {
    this.base = new URL(options.url);
    this.allowedHeaders = forwardedHeaderNames(options.forwardHeaders);
  }

  /** The legacy origin, the base URL's path and the checked request target: nothing else. */
  upstreamUrl(originalUrl: string): URL {
    const target = legacyTarget(originalUrl, this.options.routes);
    const url = new URL(this.base.pathname.replace(/\/$/, '') + target, this.base.origin);
    // Belt and braces: the target was checked, but nothing may ever leave the configured origin.
    if (url.origin !== this.base.origin) throw new BadGatewayException('refused: another origin');
    return url;
  }

  /** The call, a CLIENT span with tracing on: the legacy application's spans continue the trace. */
  forward(request: ProxiedRequest, signal?: AbortSignal): Promise<LegacyAnswer> {
    const url = this.upstreamUrl(request.originalUrl);
    return traceHttpClientCall({ method: request.method, url }, (traceHeaders) =>
      this.send(url, request, traceHeaders, signal),
    );
  }

  private async send(
    url: URL,
    request: ProxiedRequest,
    traceHeaders: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<LegacyAnswer> {
    const hasBody = !['GET', 'HEAD'].includes(request.method) && request.rawBody !== undefined;
    const headers = requestHeadersFor(request.headers, this.allowedHeaders, {
      clientIp: request.ip,
      protocol: request.protocol,
      host: request.hostname,
    });
    // The gateway's span is the legacy call's parent, whatever trace headers the client sent.
    for (const [name, value] of Object.entries(traceHeaders)) headers.set(name, value);
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers,
        body: hasBody ? request.rawBody : undefined,
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      // A 502 counts against the legacy breaker and may be retried, like any 5xx.
      throw new BadGatewayException(`the legacy application is unreachable: ${describe(error)}`);
    }
    return {
      status: response.status,
      headers: responseHeadersFrom(response.headers),
      body: await readBounded(response),
    };
  }
}

async function readBounded(response: Response): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      throw new BadGatewayException(`the legacy answer exceeds ${MAX_ANSWER_BYTES} bytes`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
