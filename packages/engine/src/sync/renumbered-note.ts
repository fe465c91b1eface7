/**
 * What a run says of people the file names under a new key (StagedPlan.renumbered): said on every
 * outcome, because applying gives each of them a new account. A guard catches it only when they are
 * many (maxDeactivations); two renumbered people pass it, and their history is lost unnoticed.
 */
import type { Renumbered } from '../ports/user-store.ts';
import type { KeyField } from '../profile.ts';

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

export function renumberedNote(renumbered: Renumbered, key: KeyField): string {
  const shared = key === 'employee_id' ? 'e-mail' : 'employee id';
  const { total, examples } = renumbered;
  const shown = examples.map(({ before, after }) => `${before} → ${after}`).join(', ');
  const more = total > examples.length ? ', …' : '';
  const people = total === 1 ? '1 person of the file carries' : `${total} people of the file carry`;
  const cause = examples.every(lostZeros)
    ? 'The ids lost their leading zeros: a spreadsheet does that to ids it takes for numbers. Ask the customer to export the ids as text, as before, rather than apply this file'
    : examples.every(gainedDecimals)
      ? 'The ids came as decimal numbers: a spreadsheet or a script wrote them as numbers. Ask the customer to export the ids as text, as before, rather than apply this file'
      : examples.every(scientific)
        ? 'The ids came in scientific notation: a spreadsheet shows long numbers so and saved them as shown, which also loses their last digits. Ask the customer to export the ids as text, rather than apply this file'
        : key === 'employee_id'
          ? 'If the customer renumbered its people on purpose, this is expected once; if not, ask which ids are right'
          : 'Under an e-mail key a new address is a new person: key the tenant by employee id if the file has one';
  return `${people} the ${shared} of a user it leaves out: the ${key} changed (${shown}${more}). Applying the file gives each of them a new account and deactivates the old one, with its history. ${cause}`;
}
