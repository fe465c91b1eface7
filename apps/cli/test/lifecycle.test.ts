/**
 * The lifecycle of a tenant end to end, over a real OpenSSH server and a real PostgreSQL — and the
 * same suite on the embedded PGlite: create, update, deactivate, reactivate, the guards, idempotence,
 * archiving, a failure in the middle of an apply, and two tenants that share ids.
 */
import { chmod, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSync, type SyncResult, type SyncTenant } from '@roster/engine';
import {
  type PostgresServer,
  type SftpServer,
  secondsAgo,
  startPostgres,
  startSftpServer,
} from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseKind, type Harness, openHarness, sftpTenant, usersOf } from './support/harness.ts';
import { csvOf, manyPeople, type Person, TEAM } from './support/people.ts';

let sftp: SftpServer;
let postgres: PostgresServer;
const PASSWORD_VARIABLE = 'LIFECYCLE_SFTP_PASSWORD';

beforeAll(async () => {
  [sftp, postgres] = await Promise.all([startSftpServer(), startPostgres()]);
});
afterAll(async () => {
  await Promise.all([sftp?.stop(), postgres?.stop()]);
});

describe.each<DatabaseKind>(['postgres', 'embedded'])('tenant lifecycle on %s', (kind) => {
  let harness: Harness;
  let tenant: SyncTenant;
  let version = 0;
  const id = `life-${kind}`;

  /** Uploads the next version of the customer's file; the newest by mtime is the one taken. */
  const upload = async (text: string, folder = id) => {
    version++;
    await sftp.users.password.writeFile(`${folder}/employees_${String(version).padStart(3, '0')}.csv`, text, {
      mtime: secondsAgo(1000 - version),
    });
  };
  const run = (
    options: Partial<Parameters<typeof runSync>[2]> = {},
    which: SyncTenant = tenant,
  ): Promise<SyncResult> => runSync(which, harness.deps, { trigger: 'manual', ...options });
  const byId = async (tenantId = id) =>
    new Map((await usersOf(harness.database, tenantId)).map((user) => [user.employee_id, user]));
  const with_ = (changes: Record<string, Partial<Person>>, base: readonly Person[] = TEAM): Person[] =>
    base.map((person) => ({ ...person, ...changes[person.id] }));

  beforeAll(async () => {
    harness = await openHarness(kind, postgres, { [PASSWORD_VARIABLE]: sftp.users.password.password });
    tenant = await sftpTenant(id, sftp, PASSWORD_VARIABLE);
  });
  afterAll(async () => {
    await harness?.database.close();
  });

  it('creates everyone in the first file', async () => {
    await upload(csvOf(TEAM));
    const result = await run();
    expect(result.status).toBe('succeeded');
    expect(result.counts).toMatchObject({
      rows: 10,
      valid: 10,
      rejected: 0,
      created: 10,
      updated: 0,
      deactivated: 0,
    });
    const users = await byId();
    expect(users.size).toBe(10);
    expect(users.get('00103')).toMatchObject({
      first_name: 'Chen',
      job_title: 'Analyst, Finance',
      email: 'chen.wei@example.com',
      hire_date: '2021-03-15',
      status: 'active',
      deactivated_at: null,
    });
  });

  it('skips the file the last run applied by its listing alone, without downloading it', async () => {
    const applied = (await harness.database.db
      .selectFrom('sync_runs')
      .select(['id', 'file_name', 'file_sha256'])
      .where('tenant_id', '=', id)
      .where('status', '=', 'succeeded')
      .executeTakeFirstOrThrow()) as { id: number; file_name: string; file_sha256: string };
    // Unreadable at the server: a run that tried to download it would fail.
    const local = path.join(sftp.users.password.uploadDir, id, applied.file_name);
    await chmod(local, 0o000);
    try {
      const result = await run();
      expect(result.status).toBe('skipped');
      expect(result.message).toContain(`unchanged since run ${applied.id}`);
      // Recorded with the applied file's checksum: it counts as in sync (the freshness metric).
      expect(result.file?.sha256).toBe(applied.file_sha256);
    } finally {
      await chmod(local, 0o644);
    }
  });

  it('with --force applies it again and writes nothing', async () => {
    const before = await byId();
    const result = await run({ force: true });
    expect(result.status).toBe('succeeded');
    expect(result.counts).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 10,
      deactivated: 0,
      reactivated: 0,
    });
    const after = await byId();
    for (const [key, user] of after) expect(user.updated_at).toEqual(before.get(key)?.updated_at);
  });

  it('updates only what changed, and moves updated_at only for those', async () => {
    const before = await byId();
    await upload(csvOf(with_({ '00102': { title: 'Lead Designer' } })));
    const result = await run();
    expect(result.counts).toMatchObject({ updated: 1, unchanged: 9, created: 0 });
    const after = await byId();
    expect(after.get('00102')?.job_title).toBe('Lead Designer');
    expect(after.get('00102')?.updated_at).not.toEqual(before.get('00102')?.updated_at);
    expect(after.get('00101')?.updated_at).toEqual(before.get('00101')?.updated_at);
  });

  it('deactivates people missing from the file, never deleting them', async () => {
    await upload(csvOf(with_({ '00102': { title: 'Lead Designer' } }).filter((p) => p.id !== '00105')));
    const result = await run();
    expect(result.counts).toMatchObject({ deactivated: 1, unchanged: 9 });
    const emil = (await byId()).get('00105');
    expect(emil?.status).toBe('inactive');
    expect(emil?.deactivated_at).not.toBeNull();
  });

  it('reactivates a person who comes back', async () => {
    await upload(csvOf(with_({ '00102': { title: 'Lead Designer' } })));
    const result = await run();
    expect(result.counts).toMatchObject({ reactivated: 1, deactivated: 0 });
    const emil = (await byId()).get('00105');
    expect(emil).toMatchObject({ status: 'active', deactivated_at: null });
  });

  it('keeps a person whose row lost its employee id: rejected, and named by the e-mail', async () => {
    await upload(csvOf(with_({ '00102': { title: 'Lead Designer' }, '00105': { id: '' } })));
    const result = await run({ approve: true }); // one bad row of ten is past the default maxRejected
    expect(result.counts).toMatchObject({ rejected: 1, deactivated: 0, unchanged: 9 });
    expect(result.rejections).toMatchObject([{ field: 'employee_id', code: 'MISSING_REQUIRED' }]);
    expect((await byId()).get('00105')?.status).toBe('active');
  });

  it('keeps a person whose line a stray quote swallowed: the row holding it is rejected, nobody deactivated', async () => {
    // 00103's title opens a quote by mistake and 00104's `5'11"` closes it in the same column: one record
    // of the header's seven fields, with 00104's line inside 00103's title. It used to apply that title
    // and deactivate 00104 as missing.
    const lines = csvOf(with_({ '00102': { title: 'Lead Designer' } })).split('\r\n');
    lines[3] = '00103,Chen,Wei,chen.wei@example.com,"Analyst,03/15/2021,Active';
    lines[4] = '00104,Dana,Ruiz,dana.ruiz@example.com,Manager 5\'11",03/15/2021,Active';
    await upload(lines.join('\r\n'));
    const result = await run({ approve: true }); // one bad row of nine is past the default maxRejected
    expect(result.counts).toMatchObject({ rows: 9, rejected: 1, deactivated: 0, updated: 0, unchanged: 8 });
    expect(result.rejections).toMatchObject([
      { line: 4, key: '00103', field: 'job_title', code: 'INVALID_CHARACTER' },
    ]);
    expect(result.rejections[0]?.message).toContain('check the quotes on line 4 and the line after it');
    const people = await byId();
    expect(people.get('00104')?.status).toBe('active');
    expect(people.get('00103')).toMatchObject({ status: 'active', job_title: 'Analyst, Finance' });
  });

  it('refuses a carriage return alone inside a name, in a line without quotes, and keeps the name stored', async () => {
    // A CRLF file whose line for 00104 (no quote in it: cut whole, never read character by character)
    // has a CR in the middle of the last name. "Ruiz\rX" used to be stored.
    const lines = csvOf(with_({ '00102': { title: 'Lead Designer' } })).split('\r\n');
    expect(lines[4]).toBe('00104,Dana,Ruiz,dana.ruiz@example.com,Manager,03/15/2021,Active');
    lines[4] = (lines[4] as string).replace(',Ruiz,', ',Ruiz\rX,');
    await upload(lines.join('\r\n'));
    const result = await run({ approve: true }); // one bad row of ten is past the default maxRejected
    expect(result.counts).toMatchObject({ rows: 10, rejected: 1, deactivated: 0, updated: 0, unchanged: 9 });
    expect(result.rejections).toMatchObject([
      { line: 5, key: '00104', field: 'last_name', code: 'INVALID_CHARACTER' },
    ]);
    expect(result.rejections[0]?.message).toContain(
      'a carriage return (CR) alone, inside the value on line 5',
    );
    expect((await byId()).get('00104')).toMatchObject({ status: 'active', last_name: 'Ruiz' });
  });

  it('warns, on a plan, of a person the file names under a new id: a new account for them if applied', async () => {
    await upload(csvOf(with_({ '00102': { title: 'Lead Designer' }, '00106': { id: '106' } })));
    const plan = await run({ dryRun: true });
    expect(plan.counts).toMatchObject({ created: 1, deactivated: 1 });
    expect(plan.warnings).toContainEqual(
      expect.stringMatching(
        /^1 person of the file carries the e-mail of a user it leaves out: the employee_id changed \(00106 → 106\)\. .*lost their leading zeros/,
      ),
    );
    expect((await byId()).get('00106')?.status).toBe('active'); // a plan changes nothing
  });

  it('deactivates a person marked inactive in the file', async () => {
    await upload(csvOf(with_({ '00102': { title: 'Lead Designer' }, '00104': { status: 'Terminated' } })));
    const result = await run();
    expect(result.counts).toMatchObject({ deactivated: 1, updated: 0 });
    expect((await byId()).get('00104')?.status).toBe('inactive');
  });

  it('refuses a truncated file and changes nothing', async () => {
    const before = await usersOf(harness.database, id);
    await upload(csvOf(TEAM.slice(0, 3)));
    const result = await run();
    expect(result.status).toBe('refused');
    expect(result.refusals.map((r) => r.guard)).toContain('ROW_COUNT_DROP');
    expect(await usersOf(harness.database, id)).toEqual(before);
    const [last] = await harness.store.history(id, 1);
    expect(last).toMatchObject({ status: 'refused' });
    expect(last?.guard).toContain('ROW_COUNT_DROP');
  });

  it('refuses an empty (header-only) file and changes nothing', async () => {
    const before = await usersOf(harness.database, id);
    await upload('Employee ID,First Name,Last Name,Work Email,Job Title,Hire Date,Status\r\n');
    const result = await run();
    expect(result.status).toBe('refused');
    expect(result.refusals.map((r) => r.guard)).toContain('EMPTY_FILE');
    expect(await usersOf(harness.database, id)).toEqual(before);
  });

  it('applies a refused file when an operator approves it, and records the approval', async () => {
    await upload(
      csvOf(with_({ '00102': { title: 'Lead Designer' }, '00104': { status: 'Terminated' } }).slice(0, 4)),
    );
    const refused = await run();
    expect(refused.status).toBe('refused');
    // The truncated and empty files refused before are other files: the refusal is named.
    const approved = await run({ approveRun: refused.runId ?? 0 });
    expect(approved.status).toBe('succeeded');
    expect(approved.approved).toBe(true);
    expect(approved.counts.deactivated).toBe(6);
    const [last] = await harness.store.history(id, 1);
    expect(last).toMatchObject({ status: 'succeeded', approved: true });
    // Back to the full team for the next steps (approved: it reactivates six).
    await upload(csvOf(with_({ '00102': { title: 'Lead Designer' } })));
    expect((await run()).counts.reactivated).toBe(7);
  });

  it('an approval applies only the refusal it answers: a newer file is refused again, not applied', async () => {
    const before = await usersOf(harness.database, id);
    // Refused for six leavers; before the operator approves, a header-only export arrives.
    await upload(csvOf(TEAM.slice(0, 4)));
    const reviewed = await run();
    expect(reviewed.status).toBe('refused');
    await upload('Employee ID,First Name,Last Name,Work Email,Job Title,Hire Date,Status\r\n');
    const unreviewed = await run({ approveRun: reviewed.runId ?? 0 });
    expect(unreviewed.status).toBe('refused');
    expect(unreviewed.approved).toBe(false);
    expect(unreviewed.message).toContain(
      `Not applied: --approve applies the file that run ${reviewed.runId} was refused for`,
    );
    expect(await usersOf(harness.database, id)).toEqual(before);
    // The team's file as last applied, newest again: skipped as such, whatever --approve says.
    await upload(csvOf(with_({ '00102': { title: 'Lead Designer' } })));
    expect((await run({ approve: true })).status).toBe('skipped');
    expect(await usersOf(harness.database, id)).toEqual(before);
  });

  it('an approval after a scheduled run refused a newer file asks which refusal was reviewed', async () => {
    const before = await usersOf(harness.database, id);
    await upload(csvOf(TEAM.slice(0, 4)));
    expect((await run()).status).toBe('refused'); // reviewed by the operator
    await upload('Employee ID,First Name,Last Name,Work Email,Job Title,Hire Date,Status\r\n');
    const scheduled = await run(); // the scheduler's run: refused, seen by nobody
    expect(scheduled.status).toBe('refused');
    const approved = await run({ approve: true });
    expect(approved.status).toBe('refused');
    expect(approved.message).toContain(
      `name the refusal you reviewed, e.g. --approve-run ${scheduled.runId}`,
    );
    expect(await usersOf(harness.database, id)).toEqual(before);
    // Named, the header-only file's refusal applies: everyone goes.
    const named = await run({ approveRun: scheduled.runId ?? 0 });
    expect(named).toMatchObject({ status: 'succeeded', approved: true });
    expect(named.counts.deactivated).toBe(before.filter((user) => user.status === 'active').length);
    // Back to the team for the next steps.
    await upload(csvOf(with_({ '00102': { title: 'Lead Designer' } })));
    expect((await run({ approve: true })).status).toBe('succeeded');
  });

  it("refuses another customer's file with the same ids and no names: every e-mail would change hands", async () => {
    const before = await usersOf(harness.database, id);
    // Globex's export: employees 00101… too, other people's addresses, the name columns left blank.
    const strangers = TEAM.map((person, n) => ({
      ...person,
      first: '',
      last: '',
      email: `other${n}@globex.example`,
    }));
    await upload(csvOf(strangers));
    const result = await run();
    expect(result.status).toBe('refused');
    expect(result.refusals.map((r) => r.guard)).toContain('TOO_MANY_IDENTITY_CHANGES');
    expect(await usersOf(harness.database, id)).toEqual(before);
  });

  it('a failure in the middle of a run leaves the database exactly as before', async () => {
    const before = await usersOf(harness.database, id);
    // Thousands of good rows are staged before the reader meets an unclosed quote at the end.
    const good = csvOf([...TEAM, ...manyPeople(20_000)]);
    await upload(`${good}9999999,Broken,"Quote,x@example.com,T,03/15/2021,Active\r\n`);
    const result = await run();
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('CSV_MALFORMED');
    expect(await usersOf(harness.database, id)).toEqual(before);
    const [last] = await harness.store.history(id, 1);
    expect(last?.status).toBe('failed');
  });

  it.runIf(kind === 'postgres')(
    'the database connection killed in the middle of an apply leaves the database exactly as before',
    async () => {
      const before = await usersOf(harness.database, id);
      await upload(csvOf([...TEAM, ...manyPeople(150_000)]));
      const admin = harness.database;
      let killed = 0;
      const killer = (async () => {
        for (let attempt = 0; attempt < 400 && killed === 0; attempt++) {
          const { rows } = await admin.executeSql(
            `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'COPY roster_staging%' AND state = 'active'`,
          );
          killed += rows.length;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })();
      const result = await run({ approve: true });
      await killer;
      expect(killed).toBeGreaterThan(0);
      expect(result.status).toBe('failed');
      expect(result.error).toMatchObject({ code: 'DATABASE_FAILED', transient: true });
      expect(await usersOf(harness.database, id)).toEqual(before);
    },
  );

  it('archives the file only after a successful commit', async () => {
    const archiving = await sftpTenant(`${id}-archive`, sftp, PASSWORD_VARIABLE, {
      file: { afterSync: 'archive' },
    });
    await upload(csvOf(TEAM), archiving.id);
    const result = await run({}, archiving);
    expect(result.status).toBe('succeeded');
    const folder = path.join(sftp.users.password.uploadDir, archiving.id);
    expect((await readdir(folder)).filter((name) => name.endsWith('.csv'))).toEqual([]);
    const archived = await readdir(path.join(folder, 'processed'));
    expect(archived).toHaveLength(1);
    expect(archived[0]).toMatch(/^\d{8}T\d{6}Z-employees_\d{3}\.csv$/);
  });

  it('skips an older file left behind once the newest was archived, and applies it only with --force', async () => {
    const archiving = await sftpTenant(`${id}-outdated`, sftp, PASSWORD_VARIABLE, {
      file: { afterSync: 'archive' },
    });
    const files = sftp.users.password;
    await files.writeFile(`${archiving.id}/employees_day1.csv`, csvOf(TEAM), { mtime: secondsAgo(7200) });
    const renamed = with_({ '00103': { last: 'Jones' } });
    await files.writeFile(`${archiving.id}/employees_day2.csv`, csvOf(renamed), { mtime: secondsAgo(3600) });
    const applied = await run({}, archiving);
    expect(applied).toMatchObject({ status: 'succeeded', file: { name: 'employees_day2.csv' } });

    const outdated = await run({}, archiving);
    expect(outdated.status).toBe('skipped');
    expect(outdated.message).toContain('employees_day1.csv');
    expect(outdated.message).toContain('older than employees_day2.csv');
    expect((await byId(archiving.id)).get('00103')?.last_name).toBe('Jones');
    const folder = path.join(files.uploadDir, archiving.id);
    expect((await readdir(folder)).filter((name) => name.endsWith('.csv'))).toEqual(['employees_day1.csv']);

    const forced = await run({ force: true }, archiving);
    expect(forced).toMatchObject({ status: 'succeeded', counts: { updated: 1 } });
    expect((await byId(archiving.id)).get('00103')?.last_name).toBe('Wei');
  });

  it('archives an identical re-upload as it would an applied file, so it cannot be taken later', async () => {
    const archiving = await sftpTenant(`${id}-reupload`, sftp, PASSWORD_VARIABLE, {
      file: { afterSync: 'archive' },
    });
    await upload(csvOf(TEAM), archiving.id);
    expect((await run({}, archiving)).status).toBe('succeeded');
    await upload(csvOf(TEAM), archiving.id);
    const again = await run({}, archiving);
    expect(again.status).toBe('skipped');
    expect(again.message).toContain('identical');
    const folder = path.join(sftp.users.password.uploadDir, archiving.id);
    expect((await readdir(folder)).filter((name) => name.endsWith('.csv'))).toEqual([]);
    expect(await readdir(path.join(folder, 'processed'))).toHaveLength(2);
  });

  it("keeps what an operator applied with --file: the customer's file from before it is not applied again", async () => {
    const fixing = await sftpTenant(`${id}-fixed`, sftp, PASSWORD_VARIABLE);
    const files = sftp.users.password;
    const typo = csvOf(with_({ '00103': { last: 'Weii' } }));
    await files.writeFile(`${fixing.id}/employees_1.csv`, typo, { mtime: secondsAgo(600) });
    const first = await run({}, fixing);
    expect(first.status).toBe('succeeded');
    const given = path.join(await mkdtemp(path.join(tmpdir(), 'roster-fixed-')), 'fixed.csv');
    await writeFile(given, csvOf(TEAM));
    const fixed = await run({ localFile: given }, fixing);
    expect(fixed).toMatchObject({ status: 'succeeded', counts: { updated: 1 } });

    // The folder still holds the customer's file: by its listing, the one run `first` applied.
    const listed = await run({}, fixing);
    expect(listed.status).toBe('skipped');
    expect(listed.message).toContain(`unchanged since run ${first.runId}`);
    expect(listed.message).toContain(`run ${fixed.runId} has applied fixed.csv given with --file`);
    // Sent again under a new name: by its checksum.
    await files.writeFile(`${fixing.id}/employees_2.csv`, typo, { mtime: secondsAgo(300) });
    const resent = await run({}, fixing);
    expect(resent.status).toBe('skipped');
    expect(resent.message).toContain(`identical to the one applied by run ${first.runId}`);
    expect((await byId(fixing.id)).get('00103')?.last_name).toBe('Wei');

    // A new export is the customer's data again.
    const renamed = csvOf(with_({ '00103': { last: 'Wei-Chen' } }));
    await files.writeFile(`${fixing.id}/employees_3.csv`, renamed, { mtime: secondsAgo(100) });
    expect(await run({}, fixing)).toMatchObject({ status: 'succeeded', counts: { updated: 1 } });
    expect((await byId(fixing.id)).get('00103')?.last_name).toBe('Wei-Chen');
  });

  it('hashes a file its last run read within 2 s of its modification time, rather than trust the time', async () => {
    const fresh = await sftpTenant(`${id}-fresh`, sftp, PASSWORD_VARIABLE);
    await sftp.users.password.writeFile(`${fresh.id}/employees_1.csv`, csvOf(TEAM), {
      mtime: secondsAgo(600),
    });
    const applied = await run({}, fresh);
    expect(applied.status).toBe('succeeded');
    // As if that run had read the file in the second it was written: the content then could still
    // change without the (whole-second) time moving.
    const modifiedAt = (
      await harness.database.db
        .selectFrom('sync_runs')
        .select('file_modified_at')
        .where('id', '=', applied.runId ?? 0)
        .executeTakeFirstOrThrow()
    ).file_modified_at as Date;
    await harness.database.db
      .updateTable('sync_runs')
      .set({ started_at: new Date(new Date(modifiedAt).getTime() + 1500) })
      .where('id', '=', applied.runId ?? 0)
      .execute();
    const again = await run({}, fresh);
    expect(again.status).toBe('skipped');
    expect(again.message).toContain('identical');
  });

  it('trusts name, size and modification time unless trustModificationTime is false', async () => {
    const files = sftp.users.password;
    const mtime = secondsAgo(600);
    // The same size, another title: only a download tells the two apart.
    const edited = with_({ '00101': { title: 'Engineeq' } });
    expect(csvOf(edited).length).toBe(csvOf(TEAM).length);
    const outcomes: Record<string, SyncResult> = {};
    for (const trust of [true, false]) {
      const tenantOf = await sftpTenant(`${id}-trust-${trust}`, sftp, PASSWORD_VARIABLE, {
        file: { trustModificationTime: trust },
      });
      await files.writeFile(`${tenantOf.id}/employees_1.csv`, csvOf(TEAM), { mtime });
      expect((await run({}, tenantOf)).status).toBe('succeeded');
      await files.writeFile(`${tenantOf.id}/employees_1.csv`, csvOf(edited), { mtime });
      outcomes[String(trust)] = await run({}, tenantOf);
    }
    expect(outcomes.true).toMatchObject({ status: 'skipped' });
    expect(outcomes.true?.message).toContain('unchanged since run');
    expect(outcomes.false).toMatchObject({ status: 'succeeded', counts: { updated: 1, unchanged: 9 } });
    expect((await byId(`${id}-trust-false`)).get('00101')?.job_title).toBe('Engineeq');
  });

  it('applies the same file again after its mappings change, then skips it again', async () => {
    const mapped = await sftpTenant(`${id}-remapped`, sftp, PASSWORD_VARIABLE);
    await upload(csvOf(TEAM), mapped.id);
    expect((await run({}, mapped)).counts.created).toBe(10);
    expect((await run({}, mapped)).status).toBe('skipped');
    const fields = mapped.mappings.fields;
    const remapped: SyncTenant = {
      ...mapped,
      mappings: {
        ...mapped.mappings,
        fields: { ...fields, job_title: { from: 'Job Title', transform: ['uppercase'] } },
      },
    };
    const reapplied = await run({}, remapped);
    expect(reapplied).toMatchObject({ status: 'succeeded', counts: { updated: 10 } });
    expect((await byId(mapped.id)).get('00101')?.job_title).toBe('ENGINEER');
    expect((await run({}, remapped)).status).toBe('skipped');
  });

  it('takes a re-export with decomposed accents (NFD, as macOS tools write) as the same people', async () => {
    const accented = await sftpTenant(`${id}-nfd`, sftp, PASSWORD_VARIABLE);
    const people = with_({
      '00101': { first: 'Amélie', last: 'Côté', email: 'amélie.côté@example.com' },
      '00103': { title: 'Analyste, Crédit' },
    });
    await upload(csvOf(people), accented.id);
    expect((await run({}, accented)).counts).toMatchObject({ created: 10, rejected: 0 });
    const before = await byId(accented.id);
    await upload(csvOf(people).normalize('NFD'), accented.id);
    const result = await run({}, accented);
    expect(result.counts).toMatchObject({ updated: 0, unchanged: 10, rejected: 0 });
    const after = await byId(accented.id);
    expect(after.get('00101')).toMatchObject({ first_name: 'Amélie', email: 'amélie.côté@example.com' });
    expect(after.get('00101')?.updated_at).toEqual(before.get('00101')?.updated_at);
  });

  it('applies a UTF-8 file under a configured windows-1252 as UTF-8, and warns', async () => {
    const configured = await sftpTenant(`${id}-1252`, sftp, PASSWORD_VARIABLE, {
      file: { name: 'employees_*.csv', minAgeSeconds: 0, csv: { encoding: 'windows-1252' } },
    });
    await upload(csvOf(with_({ '00101': { first: 'Amélie', last: 'Côté' } })), configured.id);
    const result = await run({}, configured);
    expect(result.counts).toMatchObject({ created: 10, rejected: 0 });
    expect(result.warnings).toEqual([expect.stringContaining('was read as UTF-8, not as the configured')]);
    expect((await byId(configured.id)).get('00101')).toMatchObject({
      first_name: 'Amélie',
      last_name: 'Côté',
    });
  });

  it('two tenants with the same employee ids and e-mails never touch each other', async () => {
    const a = await sftpTenant(`${id}-a`, sftp, PASSWORD_VARIABLE);
    const b = await sftpTenant(`${id}-b`, sftp, PASSWORD_VARIABLE);
    await upload(csvOf(TEAM), a.id);
    await upload(csvOf(with_({ '00101': { title: 'Only in B' } })), b.id);
    expect((await run({}, a)).counts.created).toBe(10);
    expect((await run({}, b)).counts.created).toBe(10);
    // A drops half its people: only A's users are deactivated.
    await upload(csvOf(TEAM.slice(0, 6)), a.id);
    expect((await run({ approve: true }, a)).counts.deactivated).toBe(4);
    const usersA = await byId(a.id);
    const usersB = await byId(b.id);
    expect([...usersA.values()].filter((u) => u.status === 'inactive')).toHaveLength(4);
    expect([...usersB.values()].every((u) => u.status === 'active')).toBe(true);
    expect(usersB.get('00101')?.job_title).toBe('Only in B');
    expect(usersA.get('00101')?.job_title).toBe('Engineer');
  });
});
