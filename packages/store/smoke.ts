import type { MappedUser, StagedRow } from '@roster/engine';
import { migrateToLatest, openDatabase, SqlUserStore } from './src/index.ts';

const t0 = performance.now();
const database = await openDatabase({ dataDir: 'memory://' });
console.log('open', performance.now() - t0);
console.log(await migrateToLatest(database.db as never));
const store = new SqlUserStore(database);
const user = (
  line: number,
  id: string,
  email: string,
  first = 'A',
  status: 'active' | 'inactive' = 'active',
): StagedRow => ({
  kind: 'user',
  user: {
    line,
    fields: {
      employee_id: id,
      email,
      first_name: first,
      last_name: 'L',
      job_title: null,
      department: 'D\tx',
      manager_id: null,
      location: null,
      hire_date: '2021-03-05',
      status,
    },
    attributes: { cc: 'X' },
  } as MappedUser,
});
async function* rows(batches: StagedRow[][]) {
  for (const b of batches) yield b;
}
async function sync(batches: StagedRow[][]) {
  const runId = await store.startRun({ tenantId: 'acme', trigger: 'manual' });
  const p = await store.stage({
    tenantId: 'acme',
    runId,
    key: 'employee_id',
    rows: rows(batches),
    deactivateMissing: true,
    rejectionDetailLimit: 100,
  });
  console.log(p.plan, JSON.stringify(await p.examples(3)));
  await p.commit(runId, {
    status: 'succeeded',
    counts: {
      rows: 1,
      valid: 1,
      rejected: 0,
      created: p.plan.created,
      updated: 0,
      unchanged: 0,
      reactivated: 0,
      deactivated: 0,
      ignoredInactive: 0,
    },
    rejections: p.plan.rejections,
  });
}
await sync([
  [user(2, '001', 'a@x.com'), user(3, '002', 'b@x.com')],
  [
    user(4, '003', 'c@x.com'),
    user(5, '003', 'd@x.com'),
    user(6, '004', 'e@x.com', 'E', 'inactive'),
    { kind: 'rejected', line: 7, key: '009' },
  ],
]);
await sync([[user(2, '001', 'a@x.com', 'Changed'), user(3, '002', 'z@x.com', 'Zed')]]);
console.log(await database.db.selectFrom('users').selectAll().execute());
console.log(await store.history('acme', 5));
await database.close();
