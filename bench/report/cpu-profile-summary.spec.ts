import { join } from 'node:path';
import { ownerOf, summarise } from './cpu-profile-summary';

const root = join(__dirname, '..', '..');
const frame = (functionName: string, url: string, lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
});

describe('cpu-profile-summary', () => {
  it('names the owner of a frame: a package, Node, a lib, the bundle, or a VM pseudo-frame', () => {
    expect(ownerOf(frame('encode', `file://${root}/node_modules/amqplib/lib/codec.js`))).toBe(
      'amqplib',
    );
    expect(ownerOf(frame('x', `${root}/node_modules/@nestjs/core/router/router.js`))).toBe(
      '@nestjs/core',
    );
    expect(ownerOf(frame('writeGeneric', 'node:internal/stream_base_commons'))).toBe(
      'node internals',
    );
    expect(ownerOf(frame('encode', `${root}/libs/messaging/src/envelope/codec.ts`))).toBe(
      'libs/messaging',
    );
    expect(ownerOf(frame('x', `${root}/dist/apps/order-service/main.js`))).toBe(
      'railyard (bundle)',
    );
    expect(ownerOf(frame('(garbage collector)', ''))).toBe('(garbage collector)');
  });

  it('counts self time per sample, leaves idle out of busy, and ranks functions', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', '') },
        { id: 2, callFrame: frame('(idle)', '') },
        { id: 3, callFrame: frame('encode', `${root}/node_modules/amqplib/lib/codec.js`, 9) },
        { id: 4, callFrame: frame('(garbage collector)', '') },
      ],
      samples: [2, 3, 3, 4, 2],
      timeDeltas: [1000, 3000, 3000, 2000, 1000],
    };
    const summary = summarise(profile, 'worker', 5);
    expect(summary).toMatchObject({ process: 'worker', totalMs: 10, busyMs: 8 });
    expect(summary.owners).toEqual([
      { owner: 'amqplib', ms: 6 },
      { owner: '(garbage collector)', ms: 2 },
    ]);
    expect(summary.functions[0]).toEqual({ fn: 'encode codec.js:10', owner: 'amqplib', ms: 6 });
  });
});
