/** A file that cannot be used as an ELF program; the message is one line, for users. */
export class ElfError extends Error {
  override name = 'ElfError';
  constructor(message: string) {
    super(message);
  }
}
