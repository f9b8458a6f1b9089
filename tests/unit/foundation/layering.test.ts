// The layering table of design.md §2 is enforced by lint: a deliberate violation in each layer
// must fail, and the same import in a layer that may use it must pass.
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });

async function layeringErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rule', () => {
  it.each([
    ['drivers/idcard/bad.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n", 'drivers'],
    ['drivers/idcard/bad.ts', "import { createKioskCore } from '../../src-main/core/createKioskCore';\nexport const c = createKioskCore;\n", 'drivers'],
    ['src-common/bad.ts', "import fs from 'node:fs';\nexport const f = fs;\n", 'src-common'],
    ['src-common/bad.ts', "import pino from 'pino';\nexport const p = pino;\n", 'src-common'],
    ['src-renderer/bad.tsx', "import { SessionService } from '../src-main/core/session/SessionService';\nexport const s = SessionService;\n", 'src-renderer'],
    ['src-renderer/bad.tsx', "import path from 'path';\nexport const p = path;\n", 'src-renderer'],
    ['src-main/core/bad.ts', "import { app } from 'electron';\nexport const a = app;\n", 'src-main/core'],
    ['src-main/shell/electron/bad.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n", 'src-main/shell/electron'],
    ['src-main/shell/electron/bad.ts', "import { openSerialTransport } from '../../../drivers/transport/serialTransport';\nexport const o = openSerialTransport;\n", 'src-main/shell/electron'],
    ['platform/bad.ts', "import { ApiRouter } from '../src-main/core/api/ApiRouter';\nexport const r = ApiRouter;\n", 'platform'],
    ['platform/console/bad.tsx', "import fs from 'node:fs';\nexport const f = fs;\n", 'platform/console'],
    ['platform/console/bad.tsx', "import { PlatformStore } from '../server/platformStore';\nexport const s = PlatformStore;\n", 'platform/console'],
    ['platform/console/bad.tsx', "import pg from 'pg';\nexport const p = pg;\n", 'platform/console'],
    ['platform/api/bad.ts', "import crypto from 'node:crypto';\nexport const c = crypto;\n", 'platform/api'],
    ['platform/api/bad.ts', "import { hashPassword } from '../server/admin/passwords';\nexport const h = hashPassword;\n", 'platform/api'],
  ])('%s importing across the table fails (%#)', async (file, source, layer) => {
    const errors = await layeringErrors(file, source);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    for (const e of errors) expect(e).toContain(`[layering: ${layer}]`);
  });

  it.each([
    ['src-main/core/ok.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n"],
    ['drivers/idcard/ok.ts', "import { SerialPort } from 'serialport';\nimport { ok } from '../../src-common/result';\nexport const s = [SerialPort, ok];\n"],
    ['src-common/ok.ts', "import { z } from 'zod';\nexport const s = z.string();\n"],
    ['src-renderer/ok.tsx', "import { useState } from 'react';\nimport { ok } from '../src-common/result';\nexport const s = [useState, ok];\n"],
    ['platform/console/ok.tsx', "import { useState } from 'react';\nimport { listKiosks } from '../api/fleet';\nexport const s = [useState, listKiosks];\n"],
    ['platform/server/ok.ts', "import fs from 'node:fs';\nimport { listKiosks } from '../api/fleet';\nexport const s = [fs, listKiosks];\n"],
  ])('%s importing what its layer allows passes', async (file, source) => {
    expect(await layeringErrors(file, source)).toEqual([]);
  });
});
