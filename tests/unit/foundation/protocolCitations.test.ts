// Protocol facts are cited, not copied: every `docs/protocols/<page>.md#<section>` in the code and
// docs must name a page that exists and a heading on it (GitHub's anchor rules), and nothing may
// cite the old out-of-repository `protocols.md`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SCANNED = ['drivers', 'src-main', 'src-common', 'src-renderer', 'platform', 'kiosk-config', 'tests', 'scripts', 'docs'];

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'artifacts' ? [] : filesUnder(full);
    return /\.(ts|tsx|mjs|md)$/.test(entry.name) ? [full] : [];
  });
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(page: string): Set<string> {
  const text = fs.readFileSync(path.join(ROOT, 'docs', 'protocols', page), 'utf8');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => anchorOf(m[1]!)));
}

const files = SCANNED.flatMap((d) => filesUnder(path.join(ROOT, d)));

describe('protocol citations', () => {
  it('cite pages and sections that exist', () => {
    const citations = files.flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/protocols\/([a-z0-9-]+\.md)#([a-z0-9-]+)/g)].map((m) => ({ file: path.relative(ROOT, file), page: m[1]!, anchor: m[2]! })),
    );
    expect(citations.length).toBeGreaterThan(40);
    const broken = citations.filter(({ page, anchor }) => !fs.existsSync(path.join(ROOT, 'docs', 'protocols', page)) || !anchorsOf(page).has(anchor));
    expect(broken).toEqual([]);
  });

  it('never cite the old protocols.md', () => {
    const stale = files.filter((file) => !file.includes(`${path.sep}docs${path.sep}protocols${path.sep}`) && !file.endsWith('protocolCitations.test.ts') && /\bprotocols\.md\b/.test(fs.readFileSync(file, 'utf8')));
    expect(stale.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
