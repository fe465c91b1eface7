import { databaseFromEnv, migrateToLatest, openDatabase } from '@roster/store';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'bring the database schema up to date',
  usage: 'migrate',
  options: {},
  async run(context) {
    const database = await openDatabase(databaseFromEnv(context.env, process.cwd()));
    try {
      const { applied } = await migrateToLatest(database.db);
      if (context.json) context.stdout.write(`${JSON.stringify({ applied, database: database.kind })}\n`);
      else
        context.stdout.write(
          applied.length > 0
            ? `Applied ${applied.join(', ')} (${database.kind} database)\n`
            : `The ${database.kind} database is up to date\n`,
        );
      return EXIT.ok;
    } finally {
      await database.close();
    }
  },
};
