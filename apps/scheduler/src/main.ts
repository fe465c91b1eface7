/** `pnpm scheduler`: one scheduler replica. SIGTERM (or SIGINT) drains and exits 0. */
import { toRosterError } from '@roster/engine';
import { startScheduler } from './scheduler-service.ts';
import { settingsFromEnv } from './settings.ts';

try {
  const scheduler = await startScheduler(settingsFromEnv());
  const shutdown = () => {
    scheduler.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`roster scheduler: stopping failed: ${toRosterError(error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} catch (thrown) {
  const error = toRosterError(thrown);
  console.error(`roster scheduler: ${error.code}: ${error.message}`);
  process.exit(error.transient ? 3 : 1);
}
