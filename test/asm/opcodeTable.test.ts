// The precomputed opcode table (src/asm/opcodeTable.json, loaded at start-up instead of walking
// iced's tables) must be exactly what iced-x86 gives today.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildOpcodeTable, opcodeTableToJson } from '../../src/asm/opcodeTable.js';

it('src/asm/opcodeTable.json matches iced-x86 (regenerate: npm run build && node scripts/genOpcodeTable.mjs)', () => {
  const shipped = JSON.parse(readFileSync(new URL('../../src/asm/opcodeTable.json', import.meta.url), 'utf8'));
  const fresh = opcodeTableToJson(buildOpcodeTable());
  expect(Object.keys(fresh).length).toBeGreaterThan(500);
  expect(shipped).toEqual(fresh);
});
