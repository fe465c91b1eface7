/**
 * A test process that starts both servers and then ends without stopping them: `exit` calls
 * process.exit (the 'exit' handler must clean up), `hang` waits to be SIGKILLed (the servers must die
 * with it through the parent-death signal, and the next sweep must delete its users).
 */
import { startPostgres, startSftpServer } from '../../src/index.ts';

const how = process.argv[2];
const sftp = await startSftpServer();
const pg = await startPostgres();
const report = {
  sftpPort: sftp.port,
  pgPort: pg.port,
  users: [sftp.users.password.username, sftp.users.key.username],
  homes: [sftp.users.password.home, sftp.users.key.home],
};
process.stdout.write(`${JSON.stringify(report)}\n`);
if (how === 'exit') process.exit(0);
setInterval(() => {}, 1000);
