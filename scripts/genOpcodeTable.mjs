// Regenerate src/asm/opcodeTable.json from iced-x86 (run after `npm run build`; test/asm checks it is current).
import { writeFileSync } from 'node:fs';
const { buildOpcodeTable, opcodeTableToJson } = await import('../dist/asm/opcodeTable.js');
writeFileSync(new URL('../src/asm/opcodeTable.json', import.meta.url), JSON.stringify(opcodeTableToJson(buildOpcodeTable())) + '\n');
console.log('wrote src/asm/opcodeTable.json');
