// The import-cycle rule of `npm run lint` (.dependency-cruiser.cjs): a cycle, even one made only
// of type imports, must fail it; the same modules without the back edge must pass.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-cycles-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Writes the files into a fresh folder and runs the lint step's cruiser over it. */
function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(scratch, 'case-'));
  for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), source);
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), '--config', '.dependency-cruiser.cjs', '--output-type', 'err', dir], { cwd: root, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('import cycle lint rule', () => {
  it('fails on a cycle of value imports through a third module', () => {
    const r = cruise({
      'a.ts': "import { b } from './b';\nexport const a = () => b();\n",
      'b.ts': "import { c } from './c';\nexport const b = () => c();\n",
      'c.ts': "import { a } from './a';\nexport const c = () => a;\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('no-import-cycle');
    expect(r.output).toMatch(/a\.ts/);
  });

  it('fails on a cycle made only of type imports (a registry and the modules it lists)', () => {
    const r = cruise({
      'registry.ts': "import type { Props } from './journey';\nexport const journeys: Array<(p: Props) => void> = [];\n",
      'journey.ts': "import type { journeys } from './registry';\nexport interface Props { readonly all: typeof journeys }\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('no-import-cycle');
  });

  it('passes the same modules once the shared part has its own module', () => {
    const r = cruise({
      'props.ts': 'export interface Props { readonly onExit: () => void }\n',
      'registry.ts': "import type { Props } from './props';\nexport const journeys: Array<(p: Props) => void> = [];\n",
      'journey.ts': "import type { Props } from './props';\nexport const journey = (p: Props) => p.onExit();\n",
    });
    expect(r.output).not.toContain('no-import-cycle');
    expect(r.status).toBe(0);
  });
});
