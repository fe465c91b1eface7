/** One scheduler replica, started by main.mjs. SIGTERM (or SIGINT) drains and exits 0. */
const { toRosterError } = await import('@roster/engine');
const { startScheduler } = await import('./scheduler-service.ts');
const { settingsFromEnv } = await import('./settings.ts');

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
