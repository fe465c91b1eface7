import { RosterError, toRosterError } from '@roster/engine';
import { fetchHostKeyFingerprint, openTenantSource } from '@roster/sftp';
import type { Command } from '../command.ts';
import { EXIT, exitCodeFor } from '../exit-codes.ts';
import { loadHostKeyTarget } from '../load-host-key-target.ts';
import { loadValidTenant } from '../load-valid-tenant.ts';
import { renderTable } from '../output/table.ts';
import { resolveTenantDirs } from '../tenant-dirs.ts';

const normalize = (fingerprint: string) => fingerprint.replace(/=+$/, '');

export const testConnectionCommand: Command = {
  name: 'test-connection',
  summary: 'connect, verify the host key, list the folder and say which file a run would take',
  usage: 'test-connection TENANT [--print-host-key]',
  options: { 'print-host-key': { type: 'boolean' } },
  async run(context, positionals, values) {
    if (positionals.length !== 1) throw new RosterError('USAGE', 'Name one tenant');
    const [dir = ''] = await resolveTenantDirs(context, positionals);
    const out = (line: string) => context.stdout.write(`${line}\n`);

    if (values['print-host-key'] === true) {
      const { id, connection } = await loadHostKeyTarget(context, dir);
      if (connection.type !== 'sftp')
        throw new RosterError('USAGE', `Tenant ${id} reads a local folder: there is no host key`);
      const fingerprint = await fetchHostKeyFingerprint({
        host: connection.host,
        port: connection.port ?? 22,
        connectTimeoutSeconds: connection.connectTimeoutSeconds ?? 20,
      });
      // Absent while onboarding: nothing is pinned yet.
      const hostKey = connection.hostKey as string | readonly string[] | undefined;
      const pinned = (Array.isArray(hostKey) ? hostKey : hostKey === undefined ? [] : [hostKey]).map(
        normalize,
      );
      const matches = pinned.includes(normalize(fingerprint));
      // Another key pinned is not onboarding: a run will refuse this server. The key may have been
      // changed by the customer, or someone between us and the server presents their own.
      const otherPinned = !matches && pinned.length > 0;
      if (context.json)
        out(
          JSON.stringify({
            tenant: id,
            host: connection.host,
            port: connection.port ?? 22,
            fingerprint,
            pinned: matches,
            ...(otherPinned && { pinnedKeys: pinned, error: { code: 'HOST_KEY_MISMATCH' } }),
          }),
        );
      else {
        out(fingerprint);
        if (matches) out('This key is pinned in tenant.yaml.');
        else if (!otherPinned)
          out(
            'This key is NOT pinned. Confirm it with the customer out of band, then set connection.hostKey to it.',
          );
        else
          out(
            [
              `WARNING: tenant.yaml pins another key: connection.hostKey is ${pinned.join(', ')}, but ${connection.host}:${connection.port ?? 22} presents ${fingerprint}.`,
              'A run will be refused with HOST_KEY_MISMATCH until they match.',
              'The server may have been re-keyed, or this may be a man-in-the-middle: confirm the new key with the customer out of band before changing the pin.',
            ].join('\n'),
          );
      }
      return otherPinned
        ? exitCodeFor(new RosterError('HOST_KEY_MISMATCH', 'another host key is pinned'))
        : EXIT.ok;
    }

    const tenant = await loadValidTenant(context, dir);
    const { connection } = tenant.tenant;
    const where =
      connection.type === 'sftp'
        ? `${connection.username}@${connection.host}:${connection.port ?? 22}, folder ${connection.directory ?? '(the login folder)'}`
        : connection.directory;
    const source = await openTenantSource(tenant, { env: context.env });
    try {
      const files = [...(await source.list())].sort(
        (a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime(),
      );
      let picked: string;
      let pickError: RosterError | undefined;
      try {
        const file = await source.pick();
        picked = file ? file.name : `nothing matches "${tenant.tenant.file.name}"`;
      } catch (error) {
        pickError = toRosterError(error);
        picked = `none yet: ${pickError.message}`;
      }
      if (context.json) {
        out(
          JSON.stringify(
            {
              tenant: tenant.id,
              connected: true,
              where,
              files: files.map((f) => ({ name: f.name, size: f.size, modifiedAt: f.modifiedAt })),
              wouldTake: picked,
              ...(pickError && { error: { code: pickError.code, message: pickError.message } }),
            },
            null,
            2,
          ),
        );
      } else {
        out(`${tenant.id}: connected to ${where}${connection.type === 'sftp' ? ' (host key verified)' : ''}`);
        out(
          files.length === 0
            ? '  the folder is empty'
            : renderTable(
                ['file', 'bytes', 'modified (UTC)'],
                files.map((f) => [f.name, f.size, f.modifiedAt.toISOString().replace('T', ' ').slice(0, 19)]),
              ).replace(/^/gm, '  '),
        );
        out(`  a run would take: ${picked}`);
      }
      return pickError ? exitCodeFor(pickError) : EXIT.ok;
    } finally {
      await source.close();
    }
  },
};
