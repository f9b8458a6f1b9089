// platform/openapi.yaml's admin section is generated from the endpoint declarations: it must be
// exactly what the generator writes now (run `npx tsx scripts/generateAdminOpenApi.ts` after a change).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SPEC_FILE, specWithGeneratedSection } from '../../../scripts/generateAdminOpenApi';

describe('the admin section of platform/openapi.yaml', () => {
  it('is what platform/api declares today', () => {
    const spec = fs.readFileSync(SPEC_FILE, 'utf8');
    expect(specWithGeneratedSection(spec) === spec, 'stale: run npx tsx scripts/generateAdminOpenApi.ts').toBe(true);
  });
});
