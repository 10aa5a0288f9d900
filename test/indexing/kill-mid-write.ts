/**
 * Preloaded into a child process (`node --import tsx --import <this file>`): when the process writes a file whose
 * name matches the pattern in `ZBWD_KILL_WRITING`, it writes the first half and SIGKILLs itself, as a crash
 * mid-write would. `ulimit -f` cannot do this: Node ignores SIGXFSZ and turns the failed write into an error.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename } from 'node:path';

const pattern = process.env.ZBWD_KILL_WRITING;
if (pattern) {
  const target = new RegExp(pattern);
  const write = fs.writeFileSync;
  const dying: typeof fs.writeFileSync = (file, data, options) => {
    if (typeof file === 'string' && target.test(basename(file))) {
      const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      write(file, bytes.subarray(0, bytes.length >> 1));
      // A SIGKILL sent to oneself is acted on before the call returns: nothing after it runs.
      process.kill(process.pid, 'SIGKILL');
    }
    write(file, data, options);
  };
  Object.assign(fs, { writeFileSync: dying });
  // Modules that import `writeFileSync` by name see the replacement too.
  syncBuiltinESMExports();
}
