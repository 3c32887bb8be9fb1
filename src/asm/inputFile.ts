// Reading an input file safely: a regular file only (never waiting on a FIFO or reading a device
// without end), within a size limit, as bytes. Used for sources, .include and programs to run.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export type InputProblem = 'missing' | 'unreadable' | 'directory' | 'not-regular' | 'too-large';

export class InputFileError extends Error {
  constructor(
    readonly problem: InputProblem,
    message: string,
  ) {
    super(message);
    this.name = 'InputFileError';
  }
}

/** Largest assembly source (or included file) read: as copes with more, but a source this big is a mistake. */
export const MAX_SOURCE_BYTES = 64 << 20;

/** The file's bytes; InputFileError (with a one-line `path: ...` message) when it is not a readable regular file. */
export function readInputFile(path: string, maxBytes = MAX_SOURCE_BYTES): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputFileError('missing', `${path}: no such file`);
    if (code === 'EACCES' || code === 'EPERM') throw new InputFileError('unreadable', `${path}: cannot read: permission denied`);
    if (code === 'EISDIR') throw new InputFileError('directory', `${path}: is a directory`);
    throw new InputFileError('unreadable', `${path}: cannot read: ${(e as Error).message.replace(/^\w+: /, '')}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputFileError('directory', `${path}: is a directory`);
    if (!st.isFile()) throw new InputFileError('not-regular', `${path}: not a regular file`);
    if (st.size > maxBytes) throw new InputFileError('too-large', `${path}: too large (${st.size} bytes; at most ${maxBytes})`);
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return got === buf.length ? buf : buf.subarray(0, got);
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    throw new InputFileError('unreadable', `${path}: cannot read: ${(e as Error).message.replace(/^\w+: /, '')}`);
  } finally {
    closeSync(fd);
  }
}
