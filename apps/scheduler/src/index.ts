export { type EnqueueResult, enqueueSyncs } from './enqueue-client.ts';
export { type RunningScheduler, type SchedulerOptions, startScheduler } from './scheduler-service.ts';
export { type SchedulerSettings, settingsFromEnv } from './settings.ts';
export { DEAD_LETTER_QUEUE, enqueueSync, ensureQueues, SYNC_QUEUE, type SyncJobData } from './sync-queue.ts';
