import type { Command } from 'commander';
import { ROLES, type Role } from '../../access/model.ts';
import { addUser, disableUser } from '../../access/users.ts';
import { accessClients, operator } from '../access-clients.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_DATA_DIR, withStack } from '../stack-client.ts';

/** `lindung user add|list|disable`: sign-ins in the user pool, their role and area, audited. */
export function register(program: Command): void {
  const user = program.command('user');
  user
    .command('add')
    .description('Tambah pengguna / add a user (prints the password once)')
    .requiredOption('--email <email>', 'sign-in e-mail')
    .requiredOption('--role <role>', ROLES.join('|'))
    .option('--desa <code>', '10-digit desa code (role desa)')
    .option('--agency <id>', 'agency id (role agency)')
    .option('--password <password>', 'initial password (default: generated)')
    .option('--json', 'print as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(
      async (opts: {
        email: string;
        role: string;
        desa?: string;
        agency?: string;
        password?: string;
        json?: boolean;
        dataDir: string;
      }) => {
        if (!ROLES.includes(opts.role as Role))
          throw new UsageError(
            `--role: salah satu dari ${ROLES.join(', ')}`,
            `--role: one of ${ROLES.join(', ')}`,
          );
        await withStack(opts.dataDir, async (clients) => {
          const { user: u, password } = await addUser(
            accessClients(clients).userDeps,
            {
              email: opts.email,
              role: opts.role as Role,
              ...(opts.desa ? { desa: opts.desa } : {}),
              ...(opts.agency ? { agency: opts.agency } : {}),
              ...(opts.password ? { password: opts.password } : {}),
            },
            operator(),
          );
          if (opts.json) console.log(JSON.stringify({ ...u, password }, null, 2));
          else
            console.log(
              `${u.email} (${u.role}${u.desa ? ` ${u.desa}` : ''}${u.agency ? ` ${u.agency}` : ''}) kata sandi / password: ${password}`,
            );
        });
      },
    );
  user
    .command('list')
    .description('Daftar pengguna / list users')
    .option('--json', 'print as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (opts: { json?: boolean; dataDir: string }) => {
      await withStack(opts.dataDir, async (clients) => {
        const users = (await accessClients(clients).users.list()).sort((a, b) =>
          a.email.localeCompare(b.email),
        );
        if (opts.json) console.log(JSON.stringify(users, null, 2));
        else
          for (const u of users)
            console.log(
              `${u.email.padEnd(36)} ${u.role.padEnd(9)} ${u.desa ?? u.agency ?? ''}${u.disabled ? '  (nonaktif / disabled)' : ''}`,
            );
      });
    });
  user
    .command('disable')
    .description('Nonaktifkan pengguna / disable a user')
    .argument('<email>')
    .option('--json', 'print as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (email: string, opts: { json?: boolean; dataDir: string }) => {
      await withStack(opts.dataDir, async (clients) => {
        const u = await disableUser(accessClients(clients).userDeps, email, operator());
        console.log(opts.json ? JSON.stringify(u, null, 2) : `${u.email}: nonaktif / disabled`);
      });
    });
}
