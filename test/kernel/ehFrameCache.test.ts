// The cached unwind tables are the ones buildEhFrame derives, on a miss and on a hit alike.
import { describe, expect, it } from 'vitest';
import { cachedEhFrame } from '../../src/kernel/ehFrameCache.js';
import { buildEhFrame } from '../../src/kernel/vdsoUnwind.js';

describe('the eh_frame cache', () => {
  it('gives what buildEhFrame gives, the first time and from the cache', () => {
    // push %rbp; mov %rsp,%rbp; pop %rbp; ret — then a second function: ret
    const code = new Uint8Array([0x55, 0x48, 0x89, 0xe5, 0x5d, 0xc3, 0xc3]);
    const fns = [{ name: 'f', start: 0x1000n, size: 6 }, { name: `g${Date.now()}`, start: 0x1006n, size: 1 }];
    const fresh = buildEhFrame(code, 0x1000n, 64, fns, 0x1100n, 0x1200n);
    expect(fresh.ehFrame.length).toBeGreaterThan(0);
    expect(cachedEhFrame(code, 0x1000n, 64, fns, 0x1100n, 0x1200n)).toEqual(fresh); // a miss (a new name)
    expect(cachedEhFrame(code, 0x1000n, 64, fns, 0x1100n, 0x1200n)).toEqual(fresh); // a hit
  });
});
