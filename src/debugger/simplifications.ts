// What the simulation leaves out, said once and shown wherever users look (launcher, README).
export const SIMPLIFICATIONS =
  'Simplified: one host page map per CR3 (guest page tables not walked, the KPTI CR3 pair shares one), kernel C functions ' +
  'run atomically with IF=0, no AVX or 16-bit code (raises "not emulated"); host files read-only ' +
  '(writes only beneath --writable).';
