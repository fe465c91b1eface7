/**
 * A tenant's `notify:` webhook, called when a run needs a person: refused, or failed for good. The
 * payload is Slack-compatible (`{"text": …}`) and carries counts and reasons, never row contents.
 */
import type { Notify } from '@roster/config';
import { resolveSecret, type SyncResult } from '@roster/engine';

export interface NotifyLogger {
  warn(fields: object, message: string): void;
}

export function notificationText(result: SyncResult, tenantName: string): string {
  const { counts } = result;
  const head = `Roster: ${tenantName} (${result.tenant}) run${result.runId ? ` ${result.runId}` : ''} ${result.status}`;
  const reason =
    result.status === 'refused'
      ? result.refusals.map((refusal) => `${refusal.guard}: ${refusal.message}`).join('\n')
      : `${result.error?.code ?? 'FAILED'}: ${result.error?.message ?? result.message ?? ''}`;
  const numbers =
    counts.rows > 0
      ? `\n${counts.rows} rows, ${counts.rejected} rejected, ${counts.deactivated} would be deactivated.`
      : '';
  return `${head}\n${reason}${numbers}\nDetails: roster history ${result.tenant}`;
}

export async function notifyIfWanted(
  notify: Notify | undefined,
  result: SyncResult,
  tenantName: string,
  logger: NotifyLogger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  if (!notify || (result.status !== 'failed' && result.status !== 'refused')) return false;
  if (!(notify.on ?? ['failed', 'refused']).includes(result.status)) return false;
  let url: string | undefined;
  try {
    url = await resolveSecret(notify.webhook, env);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: notificationText(result, tenantName) }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
    return true;
  } catch (error) {
    // Never let a notification problem fail the run; never log the URL (it is a credential), which
    // fetch's own messages quote ("Failed to parse URL from hooks.slack.com/services/…").
    const message = error instanceof Error ? error.message : String(error);
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    logger.warn(
      {
        tenant: result.tenant,
        err: {
          message: url ? message.split(url).join('<the webhook URL>') : message,
          ...(typeof cause === 'string' && { code: cause }),
        },
      },
      'notification failed',
    );
    return false;
  }
}
