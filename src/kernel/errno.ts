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
export const ENXIO = 6;
export const E2BIG = 7;
export const ECHILD = 10;
export const EAGAIN = 11;
export const ENOTBLK = 15;
export const EBUSY = 16;
export const EXDEV = 18;
export const ENFILE = 23;
export const EFBIG = 27;
export const ENOSPC = 28;
export const ERANGE = 34;
export const ENOTEMPTY = 39;
export const ELOOP = 40;
export const EOVERFLOW = 75;
export const EOPNOTSUPP = 95;
export const ETIMEDOUT = 110;

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
  [ENXIO]: ['ENXIO', 'No such device or address'],
  [E2BIG]: ['E2BIG', 'Argument list too long'],
  [ECHILD]: ['ECHILD', 'No child processes'],
  [EAGAIN]: ['EAGAIN', 'Resource temporarily unavailable'],
  [ENOTBLK]: ['ENOTBLK', 'Block device required'],
  [EBUSY]: ['EBUSY', 'Device or resource busy'],
  [EXDEV]: ['EXDEV', 'Invalid cross-device link'],
  [ENFILE]: ['ENFILE', 'Too many open files in system'],
  [EFBIG]: ['EFBIG', 'File too large'],
  [ENOSPC]: ['ENOSPC', 'No space left on device'],
  [ERANGE]: ['ERANGE', 'Numerical result out of range'],
  [ENOTEMPTY]: ['ENOTEMPTY', 'Directory not empty'],
  [ELOOP]: ['ELOOP', 'Too many levels of symbolic links'],
  [EOVERFLOW]: ['EOVERFLOW', 'Value too large for defined data type'],
  [EOPNOTSUPP]: ['EOPNOTSUPP', 'Operation not supported'],
  [ETIMEDOUT]: ['ETIMEDOUT', 'Connection timed out'],
};

/** A syscall return value in [-4095, -1] is an error (IS_ERR_VALUE). */
export function isErrorReturn(ret: bigint): boolean {
  return ret < 0n && ret >= -4095n;
}
