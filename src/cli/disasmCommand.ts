// `trapdoor disasm FILE`: print an objdump -d style listing of an x86 ELF file.
import { ElfError, objdumpListing, readElf } from '../elf/index.js';
import { CliError, EXIT_NOT_RUNNABLE, EXIT_USAGE, readInput } from './CliError.js';

const USAGE = 'usage: trapdoor disasm FILE';

export async function disasmCommand(args: string[]): Promise<number> {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    process.stdout.write(`${USAGE}\nPrint an objdump -d style disassembly of an i386 or x86-64 ELF file.\n`);
    return 0;
  }
  const files = args.filter((a) => !a.startsWith('-') || a === '-');
  const options = args.filter((a) => a.startsWith('-') && a !== '-');
  if (options.length > 0) throw new CliError(`disasm: unknown option '${options[0]}'\n${USAGE}`, EXIT_USAGE);
  if (files.length !== 1) throw new CliError(`disasm: expected one FILE, got ${files.length}\n${USAGE}`, EXIT_USAGE);
  const path = files[0]!;
  const bytes = readInput(path);
  let listing: string;
  try {
    listing = objdumpListing(readElf(bytes), path);
  } catch (e) {
    if (e instanceof ElfError) throw new CliError(`${path}: ${e.message}`, EXIT_NOT_RUNNABLE);
    throw e;
  }
  await writeOut(listing);
  return 0;
}

let epipeIgnored = false;

/** Write to stdout; a reader that goes away early (`| head`) ends the listing quietly, as objdump does. */
function writeOut(text: string): Promise<void> {
  if (!epipeIgnored) {
    // Stays installed: Node reports EPIPE both to the write callback and as a later 'error' event.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
    epipeIgnored = true;
  }
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => {
      if (err && (err as NodeJS.ErrnoException).code !== 'EPIPE') reject(err);
      else resolve();
    });
  });
}
