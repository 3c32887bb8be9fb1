// The x87 group's rows for FRNDINT/FSCALE/FXTRACT/FPREM*, the transcendentals and the state
// instructions FXSAVE/FXRSTOR and XSAVE/XRSTOR (xsaveState.ts; REX.W picks the 64-bit format).
import { Mnemonic } from '../../../x86/icedModule.js';
import type { Handler, OpRow } from '../opRow.js';
import { fprem, frndint, fscale, fxtract } from './x87Scale.js';
import { f2xm1, fpatan, fyl2x, TRIG, trig } from './x87Trans.js';
import { fxrstor, fxsave, xrstor, xsave, xsaveUnannounced } from './xsaveState.js';

function row(name: string, m: Mnemonic, handler: Handler, cls: OpRow['cls'], feature: OpRow['feature'] = 'fpu'): OpRow {
  return { name, mnemonics: [m], handler, cls, jit: true, flagsRead: 0, flagsWritten: 0, feature };
}

export const X87_MORE_ROWS: readonly OpRow[] = [
  row('FRNDINT', Mnemonic.Frndint, frndint, 'x87'),
  row('FSCALE', Mnemonic.Fscale, fscale, 'x87'),
  row('FXTRACT', Mnemonic.Fxtract, fxtract, 'x87'),
  row('FPREM', Mnemonic.Fprem, (c, d) => fprem(c, d, false), 'fpDiv'),
  row('FPREM1', Mnemonic.Fprem1, (c, d) => fprem(c, d, true), 'fpDiv'),
  row('F2XM1', Mnemonic.F2xm1, f2xm1, 'x87Trans'),
  row('FYL2X', Mnemonic.Fyl2x, (c, d) => fyl2x(c, d, false), 'x87Trans'),
  row('FYL2XP1', Mnemonic.Fyl2xp1, (c, d) => fyl2x(c, d, true), 'x87Trans'),
  row('FPATAN', Mnemonic.Fpatan, fpatan, 'x87Trans'),
  row('FSIN', Mnemonic.Fsin, (c, d) => trig(c, d, TRIG.SIN), 'x87Trans'),
  row('FCOS', Mnemonic.Fcos, (c, d) => trig(c, d, TRIG.COS), 'x87Trans'),
  row('FSINCOS', Mnemonic.Fsincos, (c, d) => trig(c, d, TRIG.SINCOS), 'x87Trans'),
  row('FPTAN', Mnemonic.Fptan, (c, d) => trig(c, d, TRIG.TAN), 'x87Trans'),
  row('FXSAVE', Mnemonic.Fxsave, (c, d) => fxsave(c, d, false), 'fpState', 'fxsr'),
  row('FXSAVE64', Mnemonic.Fxsave64, (c, d) => fxsave(c, d, true), 'fpState', 'fxsr'),
  row('FXRSTOR', Mnemonic.Fxrstor, (c, d) => fxrstor(c, d, false), 'fpState', 'fxsr'),
  row('FXRSTOR64', Mnemonic.Fxrstor64, (c, d) => fxrstor(c, d, true), 'fpState', 'fxsr'),
  row('XSAVE', Mnemonic.Xsave, (c, d) => xsave(c, d, false), 'fpState', 'xsave'),
  row('XSAVE64', Mnemonic.Xsave64, (c, d) => xsave(c, d, true), 'fpState', 'xsave'),
  row('XRSTOR', Mnemonic.Xrstor, (c, d) => xrstor(c, d, false), 'fpState', 'xsave'),
  row('XRSTOR64', Mnemonic.Xrstor64, (c, d) => xrstor(c, d, true), 'fpState', 'xsave'),
  ...([['XSAVEOPT', Mnemonic.Xsaveopt], ['XSAVEOPT64', Mnemonic.Xsaveopt64], ['XSAVEC', Mnemonic.Xsavec], ['XSAVEC64', Mnemonic.Xsavec64],
    ['XSAVES', Mnemonic.Xsaves], ['XSAVES64', Mnemonic.Xsaves64], ['XRSTORS', Mnemonic.Xrstors], ['XRSTORS64', Mnemonic.Xrstors64]] as const)
    .map(([n, m]) => row(n, m, xsaveUnannounced(n), 'fpState', 'xsave')),
];
