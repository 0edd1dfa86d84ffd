// `safeshell daemon logs [-f]`: the last lines of the log, then (with follow) new lines as they are written.
import { closeSync, existsSync, openSync, readSync, statSync, watchFile, unwatchFile } from 'node:fs';

export async function printLog(file: string, lines: number, follow: boolean): Promise<void> {
  let offset = 0;
  if (existsSync(file)) {
    const size = statSync(file).size;
    const start = Math.max(0, size - 256 * 1024);
    const text = readRange(file, start, size);
    const all = text.split('\n');
    if (all[all.length - 1] === '') all.pop();
    process.stdout.write(all.slice(-lines).map((l) => `${l}\n`).join(''));
    offset = size;
  } else if (!follow) {
    process.stdout.write(`(no log yet: ${file})\n`);
  }
  if (!follow) return;
  await new Promise<void>((resolve) => {
    watchFile(file, { interval: 200 }, (cur) => {
      if (cur.size < offset) offset = 0; // rotated
      if (cur.size > offset) {
        process.stdout.write(readRange(file, offset, cur.size));
        offset = cur.size;
      }
    });
    const done = (): void => {
      unwatchFile(file);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

function readRange(file: string, start: number, end: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(end - start);
    readSync(fd, buf, 0, buf.length, start);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
