// `budayang platform admin add|passwd|token|list`: the fleet console's accounts from the command
// line, working on the platform database directly (--database-url, or the embedded store in
// --data, which must not be open in a running platform). The first publisher is created here —
// there is never a default password. Every change is written to the audit log as the OS user.
import os from 'node:os';
import { PlatformStore } from '../../../platform/server/platformStore';
import { hashPassword, passwordWeakness } from '../../../platform/server/admin/passwords';
import { newApiToken, secretHash } from '../../../platform/server/admin/credentials';
import { AdminRole } from '../../../platform/api/roles';
import { Username } from '../../../platform/api/session';
import type { NewAuditEntry } from '../../../platform/server/store/auditStore';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';
import { readNewPassword } from '../readSecret';
import { DATABASE_URL_ENV } from '../platformEnv';

const DATABASE_OPTION = { 'database-url': { type: 'string' } } as const;

async function openStore(databaseUrl: string | undefined, ctx: CliContext): Promise<PlatformStore> {
  const url = databaseUrl ?? ctx.env[DATABASE_URL_ENV];
  return PlatformStore.open({ location: url ? { kind: 'server', url } : { kind: 'embedded', dataDir: ctx.dataDir }, maintenanceIntervalMs: 0 });
}

/** Who is acting, for the audit log: the OS account running the CLI. */
function cliActor(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

async function audit(store: PlatformStore, entry: Pick<NewAuditEntry, 'action' | 'target' | 'outcome' | 'error' | 'detail'>): Promise<void> {
  await store.audit.append({ actorKind: 'cli', actor: cliActor(), status: entry.outcome === 'success' ? 200 : 400, clientAddress: null, userAgent: 'budayang-cli', ...entry }, new Date());
}

/** Runs `work` on an opened store, closing it after; an open failure is one line on stderr. */
async function withStore(name: string, databaseUrl: string | undefined, ctx: CliContext, work: (store: PlatformStore) => Promise<number>): Promise<number> {
  let store: PlatformStore;
  try {
    store = await openStore(databaseUrl, ctx);
  } catch (e) {
    println(ctx.stderr, `budayang platform admin ${name}: cannot open the platform database: ${(e as Error).message}`);
    return 1;
  }
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function newPassword(name: string, username: string, ctx: CliContext): Promise<string | undefined> {
  const read = await readNewPassword(process.stdin, ctx.stderr);
  if (!read.ok) {
    println(ctx.stderr, `budayang platform admin ${name}: ${read.error}`);
    return undefined;
  }
  const weakness = passwordWeakness(read.value, username);
  if (weakness) {
    println(ctx.stderr, `budayang platform admin ${name}: password refused (${weakness}); use at least 12 characters, not the user name`);
    return undefined;
  }
  return read.value;
}

const add: CliCommand = {
  path: ['platform', 'admin', 'add'],
  summary: 'Creates a fleet console account; the password is prompted for (twice) or read from standard input.',
  usage: `--user NAME --role viewer|operator|publisher [--database-url URL]`,
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { user: { type: 'string' }, role: { type: 'string' }, ...DATABASE_OPTION });
    const username = Username.safeParse(parsed.ok ? parsed.value.values.user : undefined);
    const role = AdminRole.safeParse(parsed.ok ? parsed.value.values.role : undefined);
    if (!parsed.ok || !username.success || !role.success) {
      println(ctx.stderr, `budayang platform admin add: ${parsed.ok ? '--user (3–32 of a-z 0-9 . _ -, starting with a letter) and --role viewer|operator|publisher are required' : parsed.error}`);
      return 2;
    }
    const password = await newPassword('add', username.data, ctx);
    if (password === undefined) return 2;
    return withStore('add', parsed.value.values['database-url'], ctx, async (store) => {
      const created = await store.accounts.create({ username: username.data, role: role.data, passwordHash: await hashPassword(password), createdBy: 'cli' }, new Date());
      const target = `account:${username.data}`;
      if (created === 'usernameTaken') {
        await audit(store, { action: 'accounts.create', target, outcome: 'refused', error: 'usernameTaken', detail: { role: role.data } });
        println(ctx.stderr, `budayang platform admin add: an account named ${username.data} exists (use passwd to reset its password)`);
        return 1;
      }
      await audit(store, { action: 'accounts.create', target, outcome: 'success', error: null, detail: { role: role.data } });
      println(ctx.stdout, `account ${created.username} (${created.role}) created`);
      return 0;
    });
  },
};

const passwd: CliCommand = {
  path: ['platform', 'admin', 'passwd'],
  summary: "Sets an account's password (prompted or from standard input), unlocks it and ends its sessions.",
  usage: '--user NAME [--database-url URL]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { user: { type: 'string' }, ...DATABASE_OPTION });
    if (!parsed.ok || !parsed.value.values.user) {
      println(ctx.stderr, `budayang platform admin passwd: ${parsed.ok ? '--user is required' : parsed.error}`);
      return 2;
    }
    const username = parsed.value.values.user;
    const password = await newPassword('passwd', username, ctx);
    if (password === undefined) return 2;
    return withStore('passwd', parsed.value.values['database-url'], ctx, async (store) => {
      const updated = await store.accounts.update(username, { passwordHash: await hashPassword(password), unlock: true }, new Date());
      if (updated === 'notFound' || updated === 'lastPublisher') {
        println(ctx.stderr, `budayang platform admin passwd: no account named ${username}`);
        return 1;
      }
      await audit(store, { action: 'accounts.update', target: `account:${username}`, outcome: 'success', error: null, detail: { passwordReset: true, unlock: true } });
      println(ctx.stdout, `password of ${username} set; the account is unlocked and its sessions ended`);
      return 0;
    });
  },
};

const token: CliCommand = {
  path: ['platform', 'admin', 'token'],
  summary: "Issues an API token acting as an account (its role); prints the secret once. Scripts send it as 'Authorization: Bearer …'.",
  usage: '--user NAME --name LABEL [--days N] [--json] [--database-url URL]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { user: { type: 'string' }, name: { type: 'string' }, days: { type: 'string' }, json: { type: 'boolean' }, ...DATABASE_OPTION });
    if (!parsed.ok || !parsed.value.values.user || !parsed.value.values.name) {
      println(ctx.stderr, `budayang platform admin token: ${parsed.ok ? '--user and --name are required' : parsed.error}`);
      return 2;
    }
    const days = parsed.value.values.days === undefined ? undefined : intOption(parsed.value.values.days, 'days');
    if (days && (!days.ok || days.value < 1)) {
      println(ctx.stderr, `budayang platform admin token: ${days.ok ? '--days must be at least 1' : days.error}`);
      return 2;
    }
    const { user, name, json } = parsed.value.values;
    return withStore('token', parsed.value.values['database-url'], ctx, async (store) => {
      const issued = newApiToken();
      const expiresAt = days?.ok ? new Date(Date.now() + days.value * 86_400_000) : null;
      const info = await store.accounts.createToken({ tokenId: issued.tokenId, secretHash: secretHash(issued.secret), username: user, name: name.slice(0, 60), expiresAt }, new Date());
      if (info === 'notFound') {
        println(ctx.stderr, `budayang platform admin token: no account named ${user}`);
        return 1;
      }
      await audit(store, { action: 'tokens.create', target: `account:${user}`, outcome: 'success', error: null, detail: { tokenId: info.tokenId, name: info.name } });
      if (json) println(ctx.stdout, JSON.stringify({ token: issued.token, ...info }));
      else println(ctx.stdout, `${issued.token}\n(token ${info.tokenId} for ${user}${info.expiresAt ? `, expires ${info.expiresAt}` : ''}; shown once, store it now)`);
      return 0;
    });
  },
};

const list: CliCommand = {
  path: ['platform', 'admin', 'list'],
  summary: 'Lists the fleet console accounts with role, lock and last sign-in.',
  usage: '[--json] [--database-url URL]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' }, ...DATABASE_OPTION });
    if (!parsed.ok) {
      println(ctx.stderr, `budayang platform admin list: ${parsed.error}`);
      return 2;
    }
    return withStore('list', parsed.value.values['database-url'], ctx, async (store) => {
      const all = [];
      for (;;) {
        const page = await store.accounts.list({ ...(all.length > 0 ? { after: all.at(-1)!.username } : {}), limit: 500 }, new Date());
        all.push(...page);
        if (page.length < 500) break;
      }
      if (parsed.value.values.json) println(ctx.stdout, JSON.stringify(all));
      else for (const a of all) println(ctx.stdout, `${a.username}\t${a.role}${a.disabled ? '\tdisabled' : ''}${a.lockedUntil ? `\tlocked until ${a.lockedUntil}` : ''}\tlast sign-in ${a.lastSignInAt ?? 'never'}`);
      return 0;
    });
  },
};

export const platformAdminCommands: readonly CliCommand[] = [add, passwd, token, list];
