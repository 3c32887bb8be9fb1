// The one place that loads iced-x86 and owns its long-lived objects (a formatter set up like objdump).
import { Formatter, FormatterSyntax } from './icedModule.js';

let gas: Formatter | null = null;
let gasPlain: Formatter | null = null;

/** A GNU-syntax formatter configured to be as close to `objdump -d` as options allow (with pseudo-ops such as cmpeqps). */
export function gasFormatter(): Formatter {
  if (gas) return gas;
  gas = configured(true);
  return gas;
}

/** The same without pseudo-ops: iced then keeps operands it would otherwise drop (`faddp %st,%st(1)`, 3-operand imul). */
export function gasFormatterPlain(): Formatter {
  if (gasPlain) return gasPlain;
  gasPlain = configured(false);
  return gasPlain;
}

function configured(pseudoOps: boolean): Formatter {
  const f = new Formatter(FormatterSyntax.Gas);
  f.hexPrefix = '0x';
  f.hexSuffix = '';
  f.uppercaseHex = false;
  f.uppercaseAll = false;
  f.leadingZeros = false;
  f.branchLeadingZeros = false;
  f.displacementLeadingZeros = false;
  f.addLeadingZeroToHexNumbers = false;
  f.smallHexNumbersInDecimal = false;
  f.numberBase = 16;
  f.spaceAfterOperandSeparator = false;
  f.gasSpaceAfterMemoryOperandComma = false;
  f.gasNakedRegisters = false;
  f.gasShowMnemonicSizeSuffix = false;
  f.showBranchSize = false;
  f.ripRelativeAddresses = true;
  f.signedImmediateOperands = false;
  f.signedMemoryDisplacements = true;
  f.showZeroDisplacements = true;
  f.alwaysShowScale = false;
  f.showUselessPrefixes = true;
  f.usePseudoOps = pseudoOps;
  f.showSymbolAddress = false;
  return f;
}
