import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Comments explain a workaround by citing docs/pitfalls.md#<section>. The file lives in this
 * repository so a reader can follow every citation; this spec keeps the citations and the
 * sections in step, and catches a citation of a file outside the repository.
 */
const root = join(__dirname, '..', '..');
const SOURCES = ['apps', 'libs', 'test', 'bench', 'scripts', 'schematics'];
const SKIP = new Set(['node_modules', 'dist', '.cache', 'results', 'fixtures']);

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|js|mjs)$/.test(entry.name)) yield path;
  }
}

const sections = new Set(
  [...readFileSync(join(root, 'docs', 'pitfalls.md'), 'utf8').matchAll(/^## (\S+)$/gm)].map(
    (m) => m[1],
  ),
);
const files = SOURCES.flatMap((dir) => [...sourceFiles(join(root, dir))]).filter(
  (file) => file !== __filename,
);
const citations = files.flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/docs\/pitfalls\.md#([\w-]+)/g)].map((m) => ({
    file: relative(root, file),
    section: m[1],
  }));
});

describe('docs/pitfalls.md citations', () => {
  it('are used by the code, so the file is not an orphan', () => {
    expect(citations.length).toBeGreaterThanOrEqual(5);
  });

  it('each name a section that exists', () => {
    const dangling = citations.filter((c) => !sections.has(c.section));
    expect(dangling).toEqual([]);
  });

  it('never point outside the repository or at a section-less PITFALLS file', () => {
    const outside = files
      .filter((file) =>
        /shared\/PITFALLS|\(PITFALLS|PITFALLS\)|see PITFALLS/.test(readFileSync(file, 'utf8')),
      )
      .map((file) => relative(root, file));
    expect(outside).toEqual([]);
  });
});
