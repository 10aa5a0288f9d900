/** The name a report file is known by: a plain file name, nothing that could reach outside its folder or hide. */
import { AppError } from '../../errors.ts';

/** Control characters, and the marks that turn text around so a name reads as another (`‮fdp.exe`). */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const MAX_NAME_BYTES = 255;

/** The name, checked: refused with `invalid-file-name` when it holds a path, control characters or nothing. */
export function checkFileName(name: string): string {
  const refuse = (why: string): never => {
    throw new AppError('invalid-file-name', `the file name ${JSON.stringify(name)} ${why}`);
  };
  if (name.trim() === '') refuse('is empty');
  if (UNSAFE.test(name)) refuse('holds control characters');
  if (/[/\\]/.test(name) || name === '.' || name === '..') refuse('holds a path: give the file name alone');
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) refuse(`is longer than ${MAX_NAME_BYTES} bytes`);
  return name;
}
