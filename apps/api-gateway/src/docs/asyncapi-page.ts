import { AsyncApiDocument } from '@railyard/contracts';

interface PageMessage {
  name: string;
  title: string;
  summary: string;
  payload: unknown;
}

interface PageOperation {
  action: 'send' | 'receive';
  summary: string;
  description: string;
  messages: Array<{ $ref: string }>;
  reply?: { messages: Array<{ $ref: string }> };
}

/**
 * The AsyncAPI document as one readable, static HTML page: every operation with its message's
 * JSON Schema and, for a request, its answer's. No script, so the gateway's CSP stays as it is.
 */
export function asyncApiPage(document: AsyncApiDocument): string {
  const info = document.info as { title: string; version: string; description: string };
  const messages = (document.components as { messages: Record<string, PageMessage> }).messages;
  const operations = document.operations as Record<string, PageOperation>;
  const messageOf = (ref: { $ref: string }) => messages[ref.$ref.split('/').at(-1) ?? ''];
  const sections = Object.entries(operations).map(([name, operation]) => {
    const message = messageOf(operation.messages[0]);
    const answer = operation.reply ? messageOf(operation.reply.messages[0]) : undefined;
    return [
      `<section id="${escapeHtml(name)}">`,
      `<h2><code>${escapeHtml(message.title)}</code> <small>${operation.action}</small></h2>`,
      `<p>${escapeHtml(operation.summary)} <em>${escapeHtml(operation.description)}</em></p>`,
      `<h3>Payload</h3><pre>${escapeHtml(JSON.stringify(message.payload, null, 2))}</pre>`,
      answer
        ? `<h3>Answer</h3><pre>${escapeHtml(JSON.stringify(answer.payload, null, 2))}</pre>`
        : '',
      '</section>',
    ].join('\n');
  });
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(info.title)} ${escapeHtml(info.version)}</title>`,
    '<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}' +
      'pre{background:#f5f5f5;padding:.75rem;overflow:auto}small{color:#666}</style>',
    '</head><body>',
    `<h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>`,
    `<p>${escapeHtml(info.description)} The document: <a href="asyncapi.json">asyncapi.json</a>.</p>`,
    ...sections,
    '</body></html>',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
