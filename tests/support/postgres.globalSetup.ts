// Vitest global setup of the `platform-postgres` project: one throwaway PostgreSQL cluster for
// the run; each platform under test gets its own database in it (tests/support/platformDatabase.ts).
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgresCluster';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPostgresCluster();
  project.provide('postgresAdminUrl', cluster.adminUrl);
  return () => cluster.stop();
}
