// Linux errno values (include/uapi/asm-generic/errno-base.h, errno.h) and strace's names/messages for them.
export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EBADF = 9;
export const ENOMEM = 12;
export const ENODEV = 19;
export const EACCES = 13;
export const EFAULT = 14;
export const EEXIST = 17;
export const ENOTDIR = 20;
export const EISDIR = 21;
export const EINVAL = 22;
export const EMFILE = 24;
export const ENOTTY = 25;
export const ESPIPE = 29;
export const EPIPE = 32;
export const EROFS = 30;
export const ENAMETOOLONG = 36;
export const ENOSYS = 38;
export const ELOOP = 40;

/** errno -> [symbolic name, strerror text] as strace prints them. */
export const ERRNO_TEXT: Record<number, [string, string]> = {
  [EPERM]: ['EPERM', 'Operation not permitted'],
  [ENOENT]: ['ENOENT', 'No such file or directory'],
  [ESRCH]: ['ESRCH', 'No such process'],
  [EINTR]: ['EINTR', 'Interrupted system call'],
  [EBADF]: ['EBADF', 'Bad file descriptor'],
  [ENOMEM]: ['ENOMEM', 'Cannot allocate memory'],
  [EACCES]: ['EACCES', 'Permission denied'],
  [EFAULT]: ['EFAULT', 'Bad address'],
  [EEXIST]: ['EEXIST', 'File exists'],
  [ENODEV]: ['ENODEV', 'No such device'],
  [ENOTDIR]: ['ENOTDIR', 'Not a directory'],
  [EISDIR]: ['EISDIR', 'Is a directory'],
  [EINVAL]: ['EINVAL', 'Invalid argument'],
  [EMFILE]: ['EMFILE', 'Too many open files'],
  [ENOTTY]: ['ENOTTY', 'Inappropriate ioctl for device'],
  [ESPIPE]: ['ESPIPE', 'Illegal seek'],
  [EPIPE]: ['EPIPE', 'Broken pipe'],
  [EROFS]: ['EROFS', 'Read-only file system'],
  [ENAMETOOLONG]: ['ENAMETOOLONG', 'File name too long'],
  [ENOSYS]: ['ENOSYS', 'Function not implemented'],
  [ELOOP]: ['ELOOP', 'Too many levels of symbolic links'],
};

/** A syscall return value in [-4095, -1] is an error (IS_ERR_VALUE). */
export function isErrorReturn(ret: bigint): boolean {
  return ret < 0n && ret >= -4095n;
}
