/**
 * A preload that prints, for every statement a Roster process sends PostgreSQL, when it started
 * (ms since the preload ran, i.e. after Node's own start) and how long it took, then when the process
 * exited: where a run's time goes, phase by phase, without a profiler's overhead.
 *
 *   DATABASE_URL=… node -r ./tools/bench/src/statement-timeline.cjs apps/cli/src/main.mjs run acme --force
 *
 * With ROSTER_CAPTURE_COPY=FILE it also writes the bytes of the run's COPY into FILE (and the
 * statements that create the staging table and compare it, beside it as FILE.sql), so that
 * PostgreSQL's own share can be timed apart: `psql` → the CREATE, then `\copy … FROM 'FILE'`.
 */
const fs = require('node:fs');
const path = require('node:path');

const storeDir = path.resolve(__dirname, '../../../packages/store');
const pg = require(require.resolve('pg', { paths: [storeDir] }));
const started = process.hrtime.bigint();
const now = () => Number((process.hrtime.bigint() - started) / 1000000n);
const line = (text) => process.stderr.write(`[statement] ${text}\n`);
const textOf = (config) =>
  typeof config === 'string' ? config : (config?.text ?? config?.constructor?.name ?? '?');

const capture = process.env.ROSTER_CAPTURE_COPY;
if (capture) {
  const copyStreams = require(require.resolve('pg-copy-streams', { paths: [storeDir] }));
  const out = fs.openSync(capture, 'w');
  const from = copyStreams.from;
  copyStreams.from = function capturedFrom(text, options) {
    fs.appendFileSync(`${capture}.sql`, `-- ${text}\n`);
    const stream = from.call(this, text, options);
    const write = stream._write.bind(stream);
    stream._write = (chunk, encoding, callback) => {
      fs.writeSync(out, chunk);
      return write(chunk, encoding, callback);
    };
    return stream;
  };
}

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function timedQuery(config, values, callback) {
  const text = String(textOf(config)).replace(/\s+/g, ' ').trim();
  if (capture && /CREATE TEMPORARY TABLE/.test(text)) fs.appendFileSync(`${capture}.sql`, `${text};\n`);
  const at = now();
  const result = query.call(this, config, values, callback);
  const done = () =>
    line(`${String(at).padStart(6)} ms +${String(now() - at).padStart(5)} ms  ${text.slice(0, 100)}`);
  if (typeof result?.then === 'function') result.then(done, done);
  else if (typeof result?.on === 'function') {
    result.on('finish', done);
    result.on('end', done);
  }
  return result;
};
process.on('exit', () => line(`${String(now()).padStart(6)} ms  exit`));
