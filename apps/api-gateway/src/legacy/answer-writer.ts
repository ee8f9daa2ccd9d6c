import { LegacyAnswer } from './legacy-answer';

/** The part of Express's response the proxy writes to. */
export interface ProxyResponse {
  headersSent: boolean;
  statusCode: number;
  setHeader(name: string, value: string | string[]): void;
  end(body?: Buffer): void;
}

export function writeAnswer(response: ProxyResponse, answer: LegacyAnswer, method: string): void {
  if (response.headersSent) return;
  response.statusCode = answer.status;
  for (const [name, value] of answer.headers) response.setHeader(name, value);
  response.setHeader('content-length', String(answer.body.length));
  response.end(method === 'HEAD' ? undefined : answer.body);
}
