// The x87 group's rows for FRNDINT/FSCALE/FXTRACT/FPREM* (the transcendentals and FXSAVE/XSAVE follow).
import { Mnemonic } from '../../../x86/icedModule.js';
import type { Handler, OpRow } from '../opRow.js';
import { fprem, frndint, fscale, fxtract } from './x87Scale.js';

function row(name: string, m: Mnemonic, handler: Handler, cls: OpRow['cls'], feature: OpRow['feature'] = 'fpu'): OpRow {
  return { name, mnemonics: [m], handler, cls, jit: true, flagsRead: 0, flagsWritten: 0, feature };
}

export const X87_MORE_ROWS: readonly OpRow[] = [
  row('FRNDINT', Mnemonic.Frndint, frndint, 'x87'),
  row('FSCALE', Mnemonic.Fscale, fscale, 'x87'),
  row('FXTRACT', Mnemonic.Fxtract, fxtract, 'x87'),
  row('FPREM', Mnemonic.Fprem, (c, d) => fprem(c, d, false), 'fpDiv'),
  row('FPREM1', Mnemonic.Fprem1, (c, d) => fprem(c, d, true), 'fpDiv'),
];
