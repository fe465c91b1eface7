/**
 * What a run says of its plan besides the counts, on every outcome (and kept with the run): users a
 * change of key matched and left as history, and people the file names under a new key. The latter
 * matters because applying gives each of them a new account: a guard catches it only when they are
 * many (maxDeactivations); two renumbered people pass it, and their history is lost unnoticed.
 */
import type { Renumbered, StagedPlan } from '../ports/user-store.ts';
import type { KeyField } from '../profile.ts';

/** The plan's notes, in the order a run says them. */
export function planNotes(plan: StagedPlan, key: KeyField, dryRun: boolean): string[] {
  return [
    ...(plan.rekeyed ? [rekeyedNote(plan.rekeyed, plan.keptAsHistory ?? 0, key, dryRun)] : []),
    ...(plan.renumbered ? [renumberedNote(plan.renumbered, key)] : []),
  ];
}

function rekeyedNote(rekeyed: number, kept: number, key: KeyField, dryRun: boolean): string {
  const matched = `${rekeyed} users synced under the tenant's previous key ${dryRun ? 'would be' : 'are'} matched by ${key} from this run on`;
  if (kept === 0) return matched;
  const ones = kept === 1 ? 'one' : 'ones';
  const stay = kept === 1 ? 'stays' : 'stay';
  return `${matched}; ${kept} inactive ${ones} whose ${key} another user has, or who have none, ${stay} as history that no run matches again`;
}

type Change = { readonly before: string; readonly after: string };

/** Whether `after` is `before` without its leading zeros: a spreadsheet read the id as a number. */
const lostZeros = ({ before, after }: Change) =>
  before !== after && /^0+\d/.test(before) && before.replace(/^0+/, '') === after;

/** Whether `after` is the number `before` written with decimals (`1001` → `1001.0`). */
const gainedDecimals = ({ before, after }: Change) =>
  /^\d+$/.test(before) &&
  /^\d+\.0+$/.test(after) &&
  Number(after) === Number(before.replace(/^0+(?=\d)/, ''));

/** Whether `after` is a spreadsheet's scientific notation of a long number (`1.23457E+11`). */
const scientific = ({ after }: Change) => /^\d(\.\d+)?E\+\d+$/i.test(after);

/** What a spreadsheet does to ids, told by every example showing it, with what to ask for. */
const SPREADSHEET_CAUSES: readonly { readonly shows: (change: Change) => boolean; readonly cause: string }[] =
  [
    {
      shows: lostZeros,
      cause:
        'The ids lost their leading zeros: a spreadsheet does that to ids it takes for numbers. Ask the customer to export the ids as text, as before, rather than apply this file',
    },
    {
      shows: gainedDecimals,
      cause:
        'The ids came as decimal numbers: a spreadsheet or a script wrote them as numbers. Ask the customer to export the ids as text, as before, rather than apply this file',
    },
    {
      shows: scientific,
      cause:
        'The ids came in scientific notation: a spreadsheet shows long numbers so and saved them as shown, which also loses their last digits. Ask the customer to export the ids as text, rather than apply this file',
    },
  ];

export function renumberedNote(renumbered: Renumbered, key: KeyField): string {
  const shared = key === 'employee_id' ? 'e-mail' : 'employee id';
  const { total, examples } = renumbered;
  const shown = examples.map(({ before, after }) => `${before} → ${after}`).join(', ');
  const more = total > examples.length ? ', …' : '';
  const people = total === 1 ? '1 person of the file carries' : `${total} people of the file carry`;
  const cause =
    SPREADSHEET_CAUSES.find(({ shows }) => examples.every(shows))?.cause ??
    (key === 'employee_id'
      ? 'If the customer renumbered its people on purpose, this is expected once; if not, ask which ids are right'
      : 'Under an e-mail key a new address is a new person: key the tenant by employee id if the file has one');
  return `${people} the ${shared} of a user it leaves out: the ${key} changed (${shown}${more}). Applying the file gives each of them a new account and deactivates the old one, with its history. ${cause}`;
}
