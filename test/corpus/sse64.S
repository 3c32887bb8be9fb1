# trapdoor assembler corpus, 64-bit: SSE..SSE4.2 with their MMX forms, POPCNT/LZCNT/TZCNT, BMI1, MOVBE and the system extras of issue 9.
# Assembled by trapdoor and by GNU as --64 (test/asm), disassembled by trapdoor and objdump (test/disasm).
# Not meant to run: the instructions only have to encode.
.code64
  .text
  .globl _start
_start:
# SSE/SSE2 moves
  movaps %xmm0, %xmm1
  movaps %xmm7, %xmm8
  movaps 0x7f(%r12), %xmm3
  movaps 0x1234(%rax,%rbx,4), %xmm5
  movaps %xmm9, -0x80(%rsi,%r10,2)
  movaps %xmm0, 0x12345678(%r14)
  movups %xmm7, %xmm8
  movups %xmm15, %xmm3
  movups 0x7f(%r12), %xmm5
  movups 0x1234(%rax,%rbx,4), %xmm2
  movups %xmm0, -0x80(%rsi,%r10,2)
  movups %xmm7, 0x12345678(%r14)
  movapd %xmm15, %xmm3
  movapd %xmm12, %xmm5
  movapd 0x7f(%r12), %xmm2
  movapd 0x1234(%rax,%rbx,4), %xmm1
  movapd %xmm7, -0x80(%rsi,%r10,2)
  movapd %xmm15, 0x12345678(%r14)
  movupd %xmm12, %xmm5
  movupd %xmm9, %xmm2
  movupd 0x7f(%r12), %xmm1
  movupd 0x1234(%rax,%rbx,4), %xmm8
  movupd %xmm15, -0x80(%rsi,%r10,2)
  movupd %xmm12, 0x12345678(%r14)
  movdqa %xmm9, %xmm2
  movdqa %xmm0, %xmm1
  movdqa 0x7f(%r12), %xmm8
  movdqa 0x1234(%rax,%rbx,4), %xmm3
  movdqa %xmm12, -0x80(%rsi,%r10,2)
  movdqa %xmm9, 0x12345678(%r14)
  movdqu %xmm0, %xmm1
  movdqu %xmm7, %xmm8
  movdqu 0x7f(%r12), %xmm3
  movdqu 0x1234(%rax,%rbx,4), %xmm5
  movdqu %xmm9, -0x80(%rsi,%r10,2)
  movdqu %xmm0, 0x12345678(%r14)
  movss %xmm7, %xmm8
  movss %xmm15, %xmm3
  movss 0x7f(%r12), %xmm5
  movss 0x1234(%rax,%rbx,4), %xmm2
  movss %xmm0, -0x80(%rsi,%r10,2)
  movss %xmm7, 0x12345678(%r14)
  movsd %xmm15, %xmm3
  movsd %xmm12, %xmm5
  movsd 0x7f(%r12), %xmm2
  movsd 0x1234(%rax,%rbx,4), %xmm1
  movsd %xmm7, -0x80(%rsi,%r10,2)
  movsd %xmm15, 0x12345678(%r14)
  movhps (%rax), %xmm5
  movhps %xmm9, (%r8)
  movhps 0x7f(%r12), %xmm1
  movlps 0x1234(%rax,%rbx,4), %xmm8
  movlps %xmm15, -0x80(%rsi,%r10,2)
  movlps (%rdi), %xmm5
  movhpd (%rax), %xmm2
  movhpd %xmm0, (%r8)
  movhpd 0x7f(%r12), %xmm8
  movlpd 0x1234(%rax,%rbx,4), %xmm3
  movlpd %xmm12, -0x80(%rsi,%r10,2)
  movlpd (%rdi), %xmm2
  movhlps %xmm0, %xmm1
  movhlps %xmm7, %xmm8
  movlhps %xmm15, %xmm3
  movlhps %xmm12, %xmm5
  movmskps %xmm9, %ebp
  movmskps %xmm0, %esi
  movmskps %xmm7, %rcx
  movmskpd %xmm15, %ebp
  movmskpd %xmm12, %esi
  movmskpd %xmm9, %rcx
  pmovmskb %xmm0, %ebp
  pmovmskb %xmm7, %esi
  pmovmskb %xmm15, %rcx
  pmovmskb %mm1, %ebp
  maskmovdqu %xmm9, %xmm2
  maskmovq %mm0, %mm1
  movd %r8d, %xmm8
  movd (%rdi), %xmm3
  movd %xmm12, %ecx
  movd %xmm9, (%r8)
  movd %r15d, %mm1
  movd %mm7, %ecx
  movd 0x40(%rip), %mm0
  movd %mm1, 0x12345678(%r14)
  movq %xmm9, %xmm2
  movq -8(%rbp), %xmm1
  movq %xmm7, (%r13)
  movq %mm5, %mm0
  movq 0x40(%rip), %mm7
  movq %mm3, 0x12345678(%r14)
  movq %rax, %xmm1
  movq %xmm7, %rsp
  movq %r12, %mm0
  movq %mm1, %rcx
  movd %r9, %xmm2
  movd %xmm0, %rdi
  movd %eax, %xmm8
  movd -8(%rbp), %xmm3
  movd %xmm12, %esi
  movd %xmm9, (%r9,%r15,8)
  movd %r8d, %mm1
  movd %mm7, %esi
  movd (%rax), %mm0
  movd %mm1, (%r8)
  movq %xmm9, %xmm2
  movq 0x1234(%rax,%rbx,4), %xmm1
  movq %xmm7, -0x80(%rsi,%r10,2)
  movq %mm5, %mm0
  movq (%rax), %mm7
  movq %mm3, (%r8)
  movq %r12, %xmm1
  movq %xmm7, %rcx
  movq %r9, %mm0
  movq %mm1, %rdi
  movd %rax, %xmm2
  movd %xmm0, %rsp
  movq2dq %mm7, %xmm8
  movdq2q %xmm15, %mm0
  movnti %r8d, -0x80(%rsi,%r10,2)
  movnti %r12, 0x12345678(%r14)
  movntil %eax, 0x10(%rsp)
  movntps %xmm7, (%r8)
  movntps %xmm15, (%r13)
  movntpd %xmm12, (%r9,%r15,8)
  movntpd %xmm9, -0x80(%rsi,%r10,2)
  movntdq %xmm0, 0x12345678(%r14)
  movntdq %xmm7, 0x10(%rsp)
  movntq %mm5, (%r8)
  movntdqa 0x7f(%r12), %xmm5
  lddqu 0x1234(%rax,%rbx,4), %xmm2
  movddup %xmm0, %xmm1
  movddup %xmm7, %xmm8
  movddup (%rax), %xmm3
  movddup -8(%rbp), %xmm5
  movshdup %xmm9, %xmm2
  movshdup %xmm0, %xmm1
  movshdup 0x40(%rip), %xmm8
  movshdup (%rdi), %xmm3
  movsldup %xmm12, %xmm5
  movsldup %xmm9, %xmm2
  movsldup 0x7f(%r12), %xmm1
  movsldup 0x1234(%rax,%rbx,4), %xmm8
# SSE/SSE2 floating point
  addps %xmm15, %xmm3
  addps %xmm12, %xmm5
  addps (%rax), %xmm2
  addps -8(%rbp), %xmm1
  addpd %xmm7, %xmm8
  addpd %xmm15, %xmm3
  addpd 0x40(%rip), %xmm5
  addpd (%rdi), %xmm2
  addss %xmm0, %xmm1
  addss %xmm7, %xmm8
  addss 0x7f(%r12), %xmm3
  addss 0x1234(%rax,%rbx,4), %xmm5
  addsd %xmm9, %xmm2
  addsd %xmm0, %xmm1
  addsd (%rax), %xmm8
  addsd -8(%rbp), %xmm3
  subps %xmm12, %xmm5
  subps %xmm9, %xmm2
  subps 0x40(%rip), %xmm1
  subps (%rdi), %xmm8
  subpd %xmm15, %xmm3
  subpd %xmm12, %xmm5
  subpd 0x7f(%r12), %xmm2
  subpd 0x1234(%rax,%rbx,4), %xmm1
  subss %xmm7, %xmm8
  subss %xmm15, %xmm3
  subss (%rax), %xmm5
  subss -8(%rbp), %xmm2
  subsd %xmm0, %xmm1
  subsd %xmm7, %xmm8
  subsd 0x40(%rip), %xmm3
  subsd (%rdi), %xmm5
  mulps %xmm9, %xmm2
  mulps %xmm0, %xmm1
  mulps 0x7f(%r12), %xmm8
  mulps 0x1234(%rax,%rbx,4), %xmm3
  mulpd %xmm12, %xmm5
  mulpd %xmm9, %xmm2
  mulpd (%rax), %xmm1
  mulpd -8(%rbp), %xmm8
  mulss %xmm15, %xmm3
  mulss %xmm12, %xmm5
  mulss 0x40(%rip), %xmm2
  mulss (%rdi), %xmm1
  mulsd %xmm7, %xmm8
  mulsd %xmm15, %xmm3
  mulsd 0x7f(%r12), %xmm5
  mulsd 0x1234(%rax,%rbx,4), %xmm2
  divps %xmm0, %xmm1
  divps %xmm7, %xmm8
  divps (%rax), %xmm3
  divps -8(%rbp), %xmm5
  divpd %xmm9, %xmm2
  divpd %xmm0, %xmm1
  divpd 0x40(%rip), %xmm8
  divpd (%rdi), %xmm3
  divss %xmm12, %xmm5
  divss %xmm9, %xmm2
  divss 0x7f(%r12), %xmm1
  divss 0x1234(%rax,%rbx,4), %xmm8
  divsd %xmm15, %xmm3
  divsd %xmm12, %xmm5
  divsd (%rax), %xmm2
  divsd -8(%rbp), %xmm1
  minps %xmm7, %xmm8
  minps %xmm15, %xmm3
  minps 0x40(%rip), %xmm5
  minps (%rdi), %xmm2
  minpd %xmm0, %xmm1
  minpd %xmm7, %xmm8
  minpd 0x7f(%r12), %xmm3
  minpd 0x1234(%rax,%rbx,4), %xmm5
  minss %xmm9, %xmm2
  minss %xmm0, %xmm1
  minss (%rax), %xmm8
  minss -8(%rbp), %xmm3
  minsd %xmm12, %xmm5
  minsd %xmm9, %xmm2
  minsd 0x40(%rip), %xmm1
  minsd (%rdi), %xmm8
  maxps %xmm15, %xmm3
  maxps %xmm12, %xmm5
  maxps 0x7f(%r12), %xmm2
  maxps 0x1234(%rax,%rbx,4), %xmm1
  maxpd %xmm7, %xmm8
  maxpd %xmm15, %xmm3
  maxpd (%rax), %xmm5
  maxpd -8(%rbp), %xmm2
  maxss %xmm0, %xmm1
  maxss %xmm7, %xmm8
  maxss 0x40(%rip), %xmm3
  maxss (%rdi), %xmm5
  maxsd %xmm9, %xmm2
  maxsd %xmm0, %xmm1
  maxsd 0x7f(%r12), %xmm8
  maxsd 0x1234(%rax,%rbx,4), %xmm3
  sqrtps %xmm12, %xmm5
  sqrtps %xmm9, %xmm2
  sqrtps (%rax), %xmm1
  sqrtps -8(%rbp), %xmm8
  sqrtpd %xmm15, %xmm3
  sqrtpd %xmm12, %xmm5
  sqrtpd 0x40(%rip), %xmm2
  sqrtpd (%rdi), %xmm1
  sqrtss %xmm7, %xmm8
  sqrtss %xmm15, %xmm3
  sqrtss 0x7f(%r12), %xmm5
  sqrtss 0x1234(%rax,%rbx,4), %xmm2
  sqrtsd %xmm0, %xmm1
  sqrtsd %xmm7, %xmm8
  sqrtsd (%rax), %xmm3
  sqrtsd -8(%rbp), %xmm5
  rcpps %xmm9, %xmm2
  rcpps %xmm0, %xmm1
  rcpps 0x40(%rip), %xmm8
  rcpps (%rdi), %xmm3
  rcpss %xmm12, %xmm5
  rcpss %xmm9, %xmm2
  rcpss 0x7f(%r12), %xmm1
  rcpss 0x1234(%rax,%rbx,4), %xmm8
  rsqrtps %xmm15, %xmm3
  rsqrtps %xmm12, %xmm5
  rsqrtps (%rax), %xmm2
  rsqrtps -8(%rbp), %xmm1
  rsqrtss %xmm7, %xmm8
  rsqrtss %xmm15, %xmm3
  rsqrtss 0x40(%rip), %xmm5
  rsqrtss (%rdi), %xmm2
  andps %xmm0, %xmm1
  andps %xmm7, %xmm8
  andps 0x7f(%r12), %xmm3
  andps 0x1234(%rax,%rbx,4), %xmm5
  andpd %xmm9, %xmm2
  andpd %xmm0, %xmm1
  andpd (%rax), %xmm8
  andpd -8(%rbp), %xmm3
  andnps %xmm12, %xmm5
  andnps %xmm9, %xmm2
  andnps 0x40(%rip), %xmm1
  andnps (%rdi), %xmm8
  andnpd %xmm15, %xmm3
  andnpd %xmm12, %xmm5
  andnpd 0x7f(%r12), %xmm2
  andnpd 0x1234(%rax,%rbx,4), %xmm1
  orps %xmm7, %xmm8
  orps %xmm15, %xmm3
  orps (%rax), %xmm5
  orps -8(%rbp), %xmm2
  orpd %xmm0, %xmm1
  orpd %xmm7, %xmm8
  orpd 0x40(%rip), %xmm3
  orpd (%rdi), %xmm5
  xorps %xmm9, %xmm2
  xorps %xmm0, %xmm1
  xorps 0x7f(%r12), %xmm8
  xorps 0x1234(%rax,%rbx,4), %xmm3
  xorpd %xmm12, %xmm5
  xorpd %xmm9, %xmm2
  xorpd (%rax), %xmm1
  xorpd -8(%rbp), %xmm8
  unpcklps %xmm15, %xmm3
  unpcklps %xmm12, %xmm5
  unpcklps 0x40(%rip), %xmm2
  unpcklps (%rdi), %xmm1
  unpcklpd %xmm7, %xmm8
  unpcklpd %xmm15, %xmm3
  unpcklpd 0x7f(%r12), %xmm5
  unpcklpd 0x1234(%rax,%rbx,4), %xmm2
  unpckhps %xmm0, %xmm1
  unpckhps %xmm7, %xmm8
  unpckhps (%rax), %xmm3
  unpckhps -8(%rbp), %xmm5
  unpckhpd %xmm9, %xmm2
  unpckhpd %xmm0, %xmm1
  unpckhpd 0x40(%rip), %xmm8
  unpckhpd (%rdi), %xmm3
  shufps $0xff, %xmm5, %xmm9
  shufps $0x4e, 0x7f(%r12), %xmm1
  shufps $0x1b, %xmm8, %xmm15
  shufpd $0x80, %xmm12, %xmm5
  shufpd $0, 0x10(%rsp), %xmm0
  shufpd $0x7f, %xmm7, %xmm8
  cmpps $3, %xmm3, %xmm12
  cmpps $1, (%rdi), %xmm2
  cmpps $0xff, %xmm1, %xmm7
  cmppd $0x4e, %xmm15, %xmm3
  cmppd $0x1b, (%r9,%r15,8), %xmm9
  cmppd $0x80, %xmm0, %xmm1
  cmpss $0, %xmm8, %xmm15
  cmpss $0x7f, 0x7f(%r12), %xmm5
  cmpss $3, %xmm2, %xmm0
  cmpsd $1, %xmm7, %xmm8
  cmpsd $0xff, 0x10(%rsp), %xmm12
  cmpsd $0x4e, %xmm9, %xmm2
  cmpeqps %xmm0, %xmm1
  cmpeqps 0x40(%rip), %xmm8
  cmpeqpd %xmm15, %xmm3
  cmpeqpd (%rax), %xmm5
  cmpeqss %xmm9, %xmm2
  cmpeqss 0x7f(%r12), %xmm1
  cmpeqsd %xmm7, %xmm8
  cmpeqsd 0x40(%rip), %xmm3
  cmpltps %xmm12, %xmm5
  cmpltps (%rax), %xmm2
  cmpltpd %xmm0, %xmm1
  cmpltpd 0x7f(%r12), %xmm8
  cmpltss %xmm15, %xmm3
  cmpltss 0x40(%rip), %xmm5
  cmpltsd %xmm9, %xmm2
  cmpltsd (%rax), %xmm1
  cmpleps %xmm7, %xmm8
  cmpleps 0x7f(%r12), %xmm3
  cmplepd %xmm12, %xmm5
  cmplepd 0x40(%rip), %xmm2
  cmpless %xmm0, %xmm1
  cmpless (%rax), %xmm8
  cmplesd %xmm15, %xmm3
  cmplesd 0x7f(%r12), %xmm5
  cmpunordps %xmm9, %xmm2
  cmpunordps 0x40(%rip), %xmm1
  cmpunordpd %xmm7, %xmm8
  cmpunordpd (%rax), %xmm3
  cmpunordss %xmm12, %xmm5
  cmpunordss 0x7f(%r12), %xmm2
  cmpunordsd %xmm0, %xmm1
  cmpunordsd 0x40(%rip), %xmm8
  cmpneqps %xmm15, %xmm3
  cmpneqps (%rax), %xmm5
  cmpneqpd %xmm9, %xmm2
  cmpneqpd 0x7f(%r12), %xmm1
  cmpneqss %xmm7, %xmm8
  cmpneqss 0x40(%rip), %xmm3
  cmpneqsd %xmm12, %xmm5
  cmpneqsd (%rax), %xmm2
  cmpnltps %xmm0, %xmm1
  cmpnltps 0x7f(%r12), %xmm8
  cmpnltpd %xmm15, %xmm3
  cmpnltpd 0x40(%rip), %xmm5
  cmpnltss %xmm9, %xmm2
  cmpnltss (%rax), %xmm1
  cmpnltsd %xmm7, %xmm8
  cmpnltsd 0x7f(%r12), %xmm3
  cmpnleps %xmm12, %xmm5
  cmpnleps 0x40(%rip), %xmm2
  cmpnlepd %xmm0, %xmm1
  cmpnlepd (%rax), %xmm8
  cmpnless %xmm15, %xmm3
  cmpnless 0x7f(%r12), %xmm5
  cmpnlesd %xmm9, %xmm2
  cmpnlesd 0x40(%rip), %xmm1
  cmpordps %xmm7, %xmm8
  cmpordps (%rax), %xmm3
  cmpordpd %xmm12, %xmm5
  cmpordpd 0x7f(%r12), %xmm2
  cmpordss %xmm0, %xmm1
  cmpordss 0x40(%rip), %xmm8
  cmpordsd %xmm15, %xmm3
  cmpordsd (%rax), %xmm5
  comiss %xmm9, %xmm2
  comiss %xmm0, %xmm1
  comiss 0x1234(%rax,%rbx,4), %xmm8
  comiss 0x40(%rip), %xmm3
  ucomiss %xmm12, %xmm5
  ucomiss %xmm9, %xmm2
  ucomiss -8(%rbp), %xmm1
  ucomiss 0x7f(%r12), %xmm8
  comisd %xmm15, %xmm3
  comisd %xmm12, %xmm5
  comisd (%rdi), %xmm2
  comisd (%rax), %xmm1
  ucomisd %xmm7, %xmm8
  ucomisd %xmm15, %xmm3
  ucomisd 0x1234(%rax,%rbx,4), %xmm5
  ucomisd 0x40(%rip), %xmm2
  haddps %xmm0, %xmm1
  haddps %xmm7, %xmm8
  haddps -8(%rbp), %xmm3
  haddps 0x7f(%r12), %xmm5
  hsubps %xmm9, %xmm2
  hsubps %xmm0, %xmm1
  hsubps (%rdi), %xmm8
  hsubps (%rax), %xmm3
  haddpd %xmm12, %xmm5
  haddpd %xmm9, %xmm2
  haddpd 0x1234(%rax,%rbx,4), %xmm1
  haddpd 0x40(%rip), %xmm8
  hsubpd %xmm15, %xmm3
  hsubpd %xmm12, %xmm5
  hsubpd -8(%rbp), %xmm2
  hsubpd 0x7f(%r12), %xmm1
  addsubps %xmm7, %xmm8
  addsubps %xmm15, %xmm3
  addsubps (%rdi), %xmm5
  addsubps (%rax), %xmm2
  addsubpd %xmm0, %xmm1
  addsubpd %xmm7, %xmm8
  addsubpd 0x1234(%rax,%rbx,4), %xmm3
  addsubpd 0x40(%rip), %xmm5
# conversions
  cvtps2pd %xmm9, %xmm2
  cvtps2pd %xmm0, %xmm1
  cvtps2pd -8(%rbp), %xmm8
  cvtps2pd 0x7f(%r12), %xmm3
  cvtpd2ps %xmm12, %xmm5
  cvtpd2ps %xmm9, %xmm2
  cvtpd2ps (%rdi), %xmm1
  cvtpd2ps (%rax), %xmm8
  cvtss2sd %xmm15, %xmm3
  cvtss2sd %xmm12, %xmm5
  cvtss2sd 0x1234(%rax,%rbx,4), %xmm2
  cvtss2sd 0x40(%rip), %xmm1
  cvtsd2ss %xmm7, %xmm8
  cvtsd2ss %xmm15, %xmm3
  cvtsd2ss -8(%rbp), %xmm5
  cvtsd2ss 0x7f(%r12), %xmm2
  cvtdq2ps %xmm0, %xmm1
  cvtdq2ps %xmm7, %xmm8
  cvtdq2ps (%rdi), %xmm3
  cvtdq2ps (%rax), %xmm5
  cvtps2dq %xmm9, %xmm2
  cvtps2dq %xmm0, %xmm1
  cvtps2dq 0x1234(%rax,%rbx,4), %xmm8
  cvtps2dq 0x40(%rip), %xmm3
  cvttps2dq %xmm12, %xmm5
  cvttps2dq %xmm9, %xmm2
  cvttps2dq -8(%rbp), %xmm1
  cvttps2dq 0x7f(%r12), %xmm8
  cvtdq2pd %xmm15, %xmm3
  cvtdq2pd %xmm12, %xmm5
  cvtdq2pd (%rdi), %xmm2
  cvtdq2pd (%rax), %xmm1
  cvtpd2dq %xmm7, %xmm8
  cvtpd2dq %xmm15, %xmm3
  cvtpd2dq 0x1234(%rax,%rbx,4), %xmm5
  cvtpd2dq 0x40(%rip), %xmm2
  cvttpd2dq %xmm0, %xmm1
  cvttpd2dq %xmm7, %xmm8
  cvttpd2dq -8(%rbp), %xmm3
  cvttpd2dq 0x7f(%r12), %xmm5
  cvtpi2ps %mm3, %xmm2
  cvtpi2ps 0x40(%rip), %xmm1
  cvtpi2pd %mm7, %xmm8
  cvtpi2pd (%rax), %xmm3
  cvtps2pi %xmm12, %mm7
  cvtps2pi 0x7f(%r12), %mm5
  cvttps2pi %xmm0, %mm1
  cvttps2pi 0x40(%rip), %mm3
  cvtpd2pi %xmm15, %mm0
  cvtpd2pi (%rax), %mm7
  cvttpd2pi %xmm9, %mm5
  cvttpd2pi 0x7f(%r12), %mm1
  cvtsi2ss %eax, %xmm8
  cvtsi2ssl 0x40(%rip), %xmm3
  cvtsi2ssl %r15d, %xmm5
  cvtsi2ss %rax, %xmm2
  cvtsi2ssq -8(%rbp), %xmm1
  cvtsi2ssq %r12, %xmm8
  cvtsi2sd %eax, %xmm3
  cvtsi2sdl 0x40(%rip), %xmm5
  cvtsi2sdl %r15d, %xmm2
  cvtsi2sd %rax, %xmm1
  cvtsi2sdq -8(%rbp), %xmm8
  cvtsi2sdq %r12, %xmm3
  cvtss2si %xmm12, %ecx
  cvtss2si 0x40(%rip), %ebp
  cvtss2si %xmm0, %rdi
  cvtss2si (%rax), %rcx
  cvttss2si %xmm15, %ebp
  cvttss2si 0x7f(%r12), %esi
  cvttss2si %xmm9, %rcx
  cvttss2si 0x40(%rip), %rsp
  cvtsd2si %xmm7, %esi
  cvtsd2si (%rax), %ecx
  cvtsd2si %xmm12, %rsp
  cvtsd2si 0x7f(%r12), %rdi
  cvttsd2si %xmm0, %ecx
  cvttsd2si 0x40(%rip), %ebp
  cvttsd2si %xmm15, %rdi
  cvttsd2si (%rax), %rcx
# packed integer, MMX and SSE2 forms
  paddb %xmm9, %xmm2
  paddb %xmm0, %xmm1
  paddb 0x1234(%rax,%rbx,4), %xmm8
  paddb 0x40(%rip), %xmm3
  paddb %mm1, %mm7
  paddb (%rax), %mm5
  paddw %xmm0, %xmm1
  paddw %xmm7, %xmm8
  paddw 0x1234(%rax,%rbx,4), %xmm3
  paddw 0x40(%rip), %xmm5
  paddw %mm3, %mm5
  paddw (%rax), %mm1
  paddd %xmm7, %xmm8
  paddd %xmm15, %xmm3
  paddd 0x1234(%rax,%rbx,4), %xmm5
  paddd 0x40(%rip), %xmm2
  paddd %mm0, %mm1
  paddd (%rax), %mm3
  paddq %xmm15, %xmm3
  paddq %xmm12, %xmm5
  paddq 0x1234(%rax,%rbx,4), %xmm2
  paddq 0x40(%rip), %xmm1
  paddq %mm7, %mm3
  paddq (%rax), %mm0
  paddsb %xmm12, %xmm5
  paddsb %xmm9, %xmm2
  paddsb 0x1234(%rax,%rbx,4), %xmm1
  paddsb 0x40(%rip), %xmm8
  paddsb %mm5, %mm0
  paddsb (%rax), %mm7
  paddsw %xmm9, %xmm2
  paddsw %xmm0, %xmm1
  paddsw 0x1234(%rax,%rbx,4), %xmm8
  paddsw 0x40(%rip), %xmm3
  paddsw %mm1, %mm7
  paddsw (%rax), %mm5
  paddusb %xmm0, %xmm1
  paddusb %xmm7, %xmm8
  paddusb 0x1234(%rax,%rbx,4), %xmm3
  paddusb 0x40(%rip), %xmm5
  paddusb %mm3, %mm5
  paddusb (%rax), %mm1
  paddusw %xmm7, %xmm8
  paddusw %xmm15, %xmm3
  paddusw 0x1234(%rax,%rbx,4), %xmm5
  paddusw 0x40(%rip), %xmm2
  paddusw %mm0, %mm1
  paddusw (%rax), %mm3
  psubb %xmm15, %xmm3
  psubb %xmm12, %xmm5
  psubb 0x1234(%rax,%rbx,4), %xmm2
  psubb 0x40(%rip), %xmm1
  psubb %mm7, %mm3
  psubb (%rax), %mm0
  psubw %xmm12, %xmm5
  psubw %xmm9, %xmm2
  psubw 0x1234(%rax,%rbx,4), %xmm1
  psubw 0x40(%rip), %xmm8
  psubw %mm5, %mm0
  psubw (%rax), %mm7
  psubd %xmm9, %xmm2
  psubd %xmm0, %xmm1
  psubd 0x1234(%rax,%rbx,4), %xmm8
  psubd 0x40(%rip), %xmm3
  psubd %mm1, %mm7
  psubd (%rax), %mm5
  psubq %xmm0, %xmm1
  psubq %xmm7, %xmm8
  psubq 0x1234(%rax,%rbx,4), %xmm3
  psubq 0x40(%rip), %xmm5
  psubq %mm3, %mm5
  psubq (%rax), %mm1
  psubsb %xmm7, %xmm8
  psubsb %xmm15, %xmm3
  psubsb 0x1234(%rax,%rbx,4), %xmm5
  psubsb 0x40(%rip), %xmm2
  psubsb %mm0, %mm1
  psubsb (%rax), %mm3
  psubsw %xmm15, %xmm3
  psubsw %xmm12, %xmm5
  psubsw 0x1234(%rax,%rbx,4), %xmm2
  psubsw 0x40(%rip), %xmm1
  psubsw %mm7, %mm3
  psubsw (%rax), %mm0
  psubusb %xmm12, %xmm5
  psubusb %xmm9, %xmm2
  psubusb 0x1234(%rax,%rbx,4), %xmm1
  psubusb 0x40(%rip), %xmm8
  psubusb %mm5, %mm0
  psubusb (%rax), %mm7
  psubusw %xmm9, %xmm2
  psubusw %xmm0, %xmm1
  psubusw 0x1234(%rax,%rbx,4), %xmm8
  psubusw 0x40(%rip), %xmm3
  psubusw %mm1, %mm7
  psubusw (%rax), %mm5
  pmullw %xmm0, %xmm1
  pmullw %xmm7, %xmm8
  pmullw 0x1234(%rax,%rbx,4), %xmm3
  pmullw 0x40(%rip), %xmm5
  pmullw %mm3, %mm5
  pmullw (%rax), %mm1
  pmulhw %xmm7, %xmm8
  pmulhw %xmm15, %xmm3
  pmulhw 0x1234(%rax,%rbx,4), %xmm5
  pmulhw 0x40(%rip), %xmm2
  pmulhw %mm0, %mm1
  pmulhw (%rax), %mm3
  pmulhuw %xmm15, %xmm3
  pmulhuw %xmm12, %xmm5
  pmulhuw 0x1234(%rax,%rbx,4), %xmm2
  pmulhuw 0x40(%rip), %xmm1
  pmulhuw %mm7, %mm3
  pmulhuw (%rax), %mm0
  pmuludq %xmm12, %xmm5
  pmuludq %xmm9, %xmm2
  pmuludq 0x1234(%rax,%rbx,4), %xmm1
  pmuludq 0x40(%rip), %xmm8
  pmuludq %mm5, %mm0
  pmuludq (%rax), %mm7
  pmaddwd %xmm9, %xmm2
  pmaddwd %xmm0, %xmm1
  pmaddwd 0x1234(%rax,%rbx,4), %xmm8
  pmaddwd 0x40(%rip), %xmm3
  pmaddwd %mm1, %mm7
  pmaddwd (%rax), %mm5
  psadbw %xmm0, %xmm1
  psadbw %xmm7, %xmm8
  psadbw 0x1234(%rax,%rbx,4), %xmm3
  psadbw 0x40(%rip), %xmm5
  psadbw %mm3, %mm5
  psadbw (%rax), %mm1
  pavgb %xmm7, %xmm8
  pavgb %xmm15, %xmm3
  pavgb 0x1234(%rax,%rbx,4), %xmm5
  pavgb 0x40(%rip), %xmm2
  pavgb %mm0, %mm1
  pavgb (%rax), %mm3
  pavgw %xmm15, %xmm3
  pavgw %xmm12, %xmm5
  pavgw 0x1234(%rax,%rbx,4), %xmm2
  pavgw 0x40(%rip), %xmm1
  pavgw %mm7, %mm3
  pavgw (%rax), %mm0
  pminub %xmm12, %xmm5
  pminub %xmm9, %xmm2
  pminub 0x1234(%rax,%rbx,4), %xmm1
  pminub 0x40(%rip), %xmm8
  pminub %mm5, %mm0
  pminub (%rax), %mm7
  pmaxub %xmm9, %xmm2
  pmaxub %xmm0, %xmm1
  pmaxub 0x1234(%rax,%rbx,4), %xmm8
  pmaxub 0x40(%rip), %xmm3
  pmaxub %mm1, %mm7
  pmaxub (%rax), %mm5
  pminsw %xmm0, %xmm1
  pminsw %xmm7, %xmm8
  pminsw 0x1234(%rax,%rbx,4), %xmm3
  pminsw 0x40(%rip), %xmm5
  pminsw %mm3, %mm5
  pminsw (%rax), %mm1
  pmaxsw %xmm7, %xmm8
  pmaxsw %xmm15, %xmm3
  pmaxsw 0x1234(%rax,%rbx,4), %xmm5
  pmaxsw 0x40(%rip), %xmm2
  pmaxsw %mm0, %mm1
  pmaxsw (%rax), %mm3
  pand %xmm15, %xmm3
  pand %xmm12, %xmm5
  pand 0x1234(%rax,%rbx,4), %xmm2
  pand 0x40(%rip), %xmm1
  pand %mm7, %mm3
  pand (%rax), %mm0
  pandn %xmm12, %xmm5
  pandn %xmm9, %xmm2
  pandn 0x1234(%rax,%rbx,4), %xmm1
  pandn 0x40(%rip), %xmm8
  pandn %mm5, %mm0
  pandn (%rax), %mm7
  por %xmm9, %xmm2
  por %xmm0, %xmm1
  por 0x1234(%rax,%rbx,4), %xmm8
  por 0x40(%rip), %xmm3
  por %mm1, %mm7
  por (%rax), %mm5
  pxor %xmm0, %xmm1
  pxor %xmm7, %xmm8
  pxor 0x1234(%rax,%rbx,4), %xmm3
  pxor 0x40(%rip), %xmm5
  pxor %mm3, %mm5
  pxor (%rax), %mm1
  pcmpeqb %xmm7, %xmm8
  pcmpeqb %xmm15, %xmm3
  pcmpeqb 0x1234(%rax,%rbx,4), %xmm5
  pcmpeqb 0x40(%rip), %xmm2
  pcmpeqb %mm0, %mm1
  pcmpeqb (%rax), %mm3
  pcmpeqw %xmm15, %xmm3
  pcmpeqw %xmm12, %xmm5
  pcmpeqw 0x1234(%rax,%rbx,4), %xmm2
  pcmpeqw 0x40(%rip), %xmm1
  pcmpeqw %mm7, %mm3
  pcmpeqw (%rax), %mm0
  pcmpeqd %xmm12, %xmm5
  pcmpeqd %xmm9, %xmm2
  pcmpeqd 0x1234(%rax,%rbx,4), %xmm1
  pcmpeqd 0x40(%rip), %xmm8
  pcmpeqd %mm5, %mm0
  pcmpeqd (%rax), %mm7
  pcmpgtb %xmm9, %xmm2
  pcmpgtb %xmm0, %xmm1
  pcmpgtb 0x1234(%rax,%rbx,4), %xmm8
  pcmpgtb 0x40(%rip), %xmm3
  pcmpgtb %mm1, %mm7
  pcmpgtb (%rax), %mm5
  pcmpgtw %xmm0, %xmm1
  pcmpgtw %xmm7, %xmm8
  pcmpgtw 0x1234(%rax,%rbx,4), %xmm3
  pcmpgtw 0x40(%rip), %xmm5
  pcmpgtw %mm3, %mm5
  pcmpgtw (%rax), %mm1
  pcmpgtd %xmm7, %xmm8
  pcmpgtd %xmm15, %xmm3
  pcmpgtd 0x1234(%rax,%rbx,4), %xmm5
  pcmpgtd 0x40(%rip), %xmm2
  pcmpgtd %mm0, %mm1
  pcmpgtd (%rax), %mm3
  packsswb %xmm15, %xmm3
  packsswb %xmm12, %xmm5
  packsswb 0x1234(%rax,%rbx,4), %xmm2
  packsswb 0x40(%rip), %xmm1
  packsswb %mm7, %mm3
  packsswb (%rax), %mm0
  packssdw %xmm12, %xmm5
  packssdw %xmm9, %xmm2
  packssdw 0x1234(%rax,%rbx,4), %xmm1
  packssdw 0x40(%rip), %xmm8
  packssdw %mm5, %mm0
  packssdw (%rax), %mm7
  packuswb %xmm9, %xmm2
  packuswb %xmm0, %xmm1
  packuswb 0x1234(%rax,%rbx,4), %xmm8
  packuswb 0x40(%rip), %xmm3
  packuswb %mm1, %mm7
  packuswb (%rax), %mm5
  punpcklbw %xmm0, %xmm1
  punpcklbw %xmm7, %xmm8
  punpcklbw 0x1234(%rax,%rbx,4), %xmm3
  punpcklbw 0x40(%rip), %xmm5
  punpcklbw %mm3, %mm5
  punpcklbw (%rax), %mm1
  punpcklwd %xmm7, %xmm8
  punpcklwd %xmm15, %xmm3
  punpcklwd 0x1234(%rax,%rbx,4), %xmm5
  punpcklwd 0x40(%rip), %xmm2
  punpcklwd %mm0, %mm1
  punpcklwd (%rax), %mm3
  punpckldq %xmm15, %xmm3
  punpckldq %xmm12, %xmm5
  punpckldq 0x1234(%rax,%rbx,4), %xmm2
  punpckldq 0x40(%rip), %xmm1
  punpckldq %mm7, %mm3
  punpckldq (%rax), %mm0
  punpckhbw %xmm12, %xmm5
  punpckhbw %xmm9, %xmm2
  punpckhbw 0x1234(%rax,%rbx,4), %xmm1
  punpckhbw 0x40(%rip), %xmm8
  punpckhbw %mm5, %mm0
  punpckhbw (%rax), %mm7
  punpckhwd %xmm9, %xmm2
  punpckhwd %xmm0, %xmm1
  punpckhwd 0x1234(%rax,%rbx,4), %xmm8
  punpckhwd 0x40(%rip), %xmm3
  punpckhwd %mm1, %mm7
  punpckhwd (%rax), %mm5
  punpckhdq %xmm0, %xmm1
  punpckhdq %xmm7, %xmm8
  punpckhdq 0x1234(%rax,%rbx,4), %xmm3
  punpckhdq 0x40(%rip), %xmm5
  punpckhdq %mm3, %mm5
  punpckhdq (%rax), %mm1
  pshufb %xmm7, %xmm8
  pshufb %xmm15, %xmm3
  pshufb 0x1234(%rax,%rbx,4), %xmm5
  pshufb 0x40(%rip), %xmm2
  pshufb %mm0, %mm1
  pshufb (%rax), %mm3
  phaddw %xmm15, %xmm3
  phaddw %xmm12, %xmm5
  phaddw 0x1234(%rax,%rbx,4), %xmm2
  phaddw 0x40(%rip), %xmm1
  phaddw %mm7, %mm3
  phaddw (%rax), %mm0
  phaddd %xmm12, %xmm5
  phaddd %xmm9, %xmm2
  phaddd 0x1234(%rax,%rbx,4), %xmm1
  phaddd 0x40(%rip), %xmm8
  phaddd %mm5, %mm0
  phaddd (%rax), %mm7
  phaddsw %xmm9, %xmm2
  phaddsw %xmm0, %xmm1
  phaddsw 0x1234(%rax,%rbx,4), %xmm8
  phaddsw 0x40(%rip), %xmm3
  phaddsw %mm1, %mm7
  phaddsw (%rax), %mm5
  phsubw %xmm0, %xmm1
  phsubw %xmm7, %xmm8
  phsubw 0x1234(%rax,%rbx,4), %xmm3
  phsubw 0x40(%rip), %xmm5
  phsubw %mm3, %mm5
  phsubw (%rax), %mm1
  phsubd %xmm7, %xmm8
  phsubd %xmm15, %xmm3
  phsubd 0x1234(%rax,%rbx,4), %xmm5
  phsubd 0x40(%rip), %xmm2
  phsubd %mm0, %mm1
  phsubd (%rax), %mm3
  phsubsw %xmm15, %xmm3
  phsubsw %xmm12, %xmm5
  phsubsw 0x1234(%rax,%rbx,4), %xmm2
  phsubsw 0x40(%rip), %xmm1
  phsubsw %mm7, %mm3
  phsubsw (%rax), %mm0
  pmaddubsw %xmm12, %xmm5
  pmaddubsw %xmm9, %xmm2
  pmaddubsw 0x1234(%rax,%rbx,4), %xmm1
  pmaddubsw 0x40(%rip), %xmm8
  pmaddubsw %mm5, %mm0
  pmaddubsw (%rax), %mm7
  pmulhrsw %xmm9, %xmm2
  pmulhrsw %xmm0, %xmm1
  pmulhrsw 0x1234(%rax,%rbx,4), %xmm8
  pmulhrsw 0x40(%rip), %xmm3
  pmulhrsw %mm1, %mm7
  pmulhrsw (%rax), %mm5
  psignb %xmm0, %xmm1
  psignb %xmm7, %xmm8
  psignb 0x1234(%rax,%rbx,4), %xmm3
  psignb 0x40(%rip), %xmm5
  psignb %mm3, %mm5
  psignb (%rax), %mm1
  psignw %xmm7, %xmm8
  psignw %xmm15, %xmm3
  psignw 0x1234(%rax,%rbx,4), %xmm5
  psignw 0x40(%rip), %xmm2
  psignw %mm0, %mm1
  psignw (%rax), %mm3
  psignd %xmm15, %xmm3
  psignd %xmm12, %xmm5
  psignd 0x1234(%rax,%rbx,4), %xmm2
  psignd 0x40(%rip), %xmm1
  psignd %mm7, %mm3
  psignd (%rax), %mm0
  pabsb %xmm12, %xmm5
  pabsb %xmm9, %xmm2
  pabsb 0x1234(%rax,%rbx,4), %xmm1
  pabsb 0x40(%rip), %xmm8
  pabsb %mm5, %mm0
  pabsb (%rax), %mm7
  pabsw %xmm9, %xmm2
  pabsw %xmm0, %xmm1
  pabsw 0x1234(%rax,%rbx,4), %xmm8
  pabsw 0x40(%rip), %xmm3
  pabsw %mm1, %mm7
  pabsw (%rax), %mm5
  pabsd %xmm0, %xmm1
  pabsd %xmm7, %xmm8
  pabsd 0x1234(%rax,%rbx,4), %xmm3
  pabsd 0x40(%rip), %xmm5
  pabsd %mm3, %mm5
  pabsd (%rax), %mm1
  punpcklqdq %xmm7, %xmm8
  punpcklqdq %xmm15, %xmm3
  punpcklqdq 0x1234(%rax,%rbx,4), %xmm5
  punpcklqdq 0x40(%rip), %xmm2
  punpckhqdq %xmm0, %xmm1
  punpckhqdq %xmm7, %xmm8
  punpckhqdq -8(%rbp), %xmm3
  punpckhqdq 0x7f(%r12), %xmm5
  psllw %xmm9, %xmm2
  psllw %xmm0, %xmm1
  psllw (%rdi), %xmm8
  psllw (%rax), %xmm3
  psllw %mm1, %mm7
  psllw 0x7f(%r12), %mm5
  psllw $3, %xmm1
  psllw $0, %mm3
  pslld %xmm15, %xmm3
  pslld %xmm12, %xmm5
  pslld -8(%rbp), %xmm2
  pslld 0x7f(%r12), %xmm1
  pslld %mm7, %mm3
  pslld 0x40(%rip), %mm0
  pslld $3, %xmm5
  pslld $0, %mm5
  psllq %xmm0, %xmm1
  psllq %xmm7, %xmm8
  psllq 0x1234(%rax,%rbx,4), %xmm3
  psllq 0x40(%rip), %xmm5
  psllq %mm3, %mm5
  psllq (%rax), %mm1
  psllq $3, %xmm8
  psllq $0, %mm0
  psrlw %xmm12, %xmm5
  psrlw %xmm9, %xmm2
  psrlw (%rdi), %xmm1
  psrlw (%rax), %xmm8
  psrlw %mm5, %mm0
  psrlw 0x7f(%r12), %mm7
  psrlw $3, %xmm2
  psrlw $0, %mm1
  psrld %xmm7, %xmm8
  psrld %xmm15, %xmm3
  psrld -8(%rbp), %xmm5
  psrld 0x7f(%r12), %xmm2
  psrld %mm0, %mm1
  psrld 0x40(%rip), %mm3
  psrld $3, %xmm3
  psrld $0, %mm7
  psrlq %xmm9, %xmm2
  psrlq %xmm0, %xmm1
  psrlq 0x1234(%rax,%rbx,4), %xmm8
  psrlq 0x40(%rip), %xmm3
  psrlq %mm1, %mm7
  psrlq (%rax), %mm5
  psrlq $3, %xmm1
  psrlq $0, %mm3
  psraw %xmm15, %xmm3
  psraw %xmm12, %xmm5
  psraw (%rdi), %xmm2
  psraw (%rax), %xmm1
  psraw %mm7, %mm3
  psraw 0x7f(%r12), %mm0
  psraw $3, %xmm5
  psraw $0, %mm5
  psrad %xmm0, %xmm1
  psrad %xmm7, %xmm8
  psrad -8(%rbp), %xmm3
  psrad 0x7f(%r12), %xmm5
  psrad %mm3, %mm5
  psrad 0x40(%rip), %mm1
  psrad $3, %xmm8
  psrad $0, %mm0
  pslldq $0x1b, %xmm5
  pslldq $0xff, %xmm2
  psrldq $3, %xmm1
  psrldq $0, %xmm8
  pshufd $0x1b, %xmm3, %xmm12
  pshufd $0x80, -8(%rbp), %xmm2
  pshufd $0, %xmm1, %xmm7
  pshufhw $0x7f, %xmm15, %xmm3
  pshufhw $3, 0x12345678(%r14), %xmm9
  pshufhw $1, %xmm0, %xmm1
  pshuflw $0xff, %xmm8, %xmm15
  pshuflw $0x4e, 0x40(%rip), %xmm5
  pshuflw $0x1b, %xmm2, %xmm0
  pshufw $0x80, %mm7, %mm3
  pshufw $0, (%r13), %mm1
  palignr $0x7f, %mm3, %mm5
  palignr $3, 0x12345678(%r14), %mm7
  palignr $1, %xmm15, %xmm3
  palignr $0xff, (%r13), %xmm9
  palignr $0x4e, %xmm0, %xmm1
  pextrw $0x1b, %xmm8, %eax
  pextrw $0x80, %mm1, %ebp
  pextrw $0, %xmm2, 0x1234(%rax,%rbx,4)
  pinsrw $0x7f, %r8d, %xmm8
  pinsrw $3, 0x12345678(%r14), %xmm12
  pinsrw $1, %r8d, %mm5
  pinsrw $0xff, (%r13), %mm7
  emms
# SSE4.1
  pmulld %xmm8, %xmm15
  pmulld %xmm3, %xmm12
  pmulld 0x12345678(%r14), %xmm9
  pmulld 0x10(%rsp), %xmm0
  pmuldq %xmm1, %xmm7
  pmuldq %xmm8, %xmm15
  pmuldq (%r9,%r15,8), %xmm12
  pmuldq -0x80(%rsi,%r10,2), %xmm9
  pminsb %xmm2, %xmm0
  pminsb %xmm1, %xmm7
  pminsb (%r8), %xmm15
  pminsb (%r13), %xmm12
  pminsd %xmm5, %xmm9
  pminsd %xmm2, %xmm0
  pminsd 0x12345678(%r14), %xmm7
  pminsd 0x10(%rsp), %xmm15
  pminuw %xmm3, %xmm12
  pminuw %xmm5, %xmm9
  pminuw (%r9,%r15,8), %xmm0
  pminuw -0x80(%rsi,%r10,2), %xmm7
  pminud %xmm8, %xmm15
  pminud %xmm3, %xmm12
  pminud (%r8), %xmm9
  pminud (%r13), %xmm0
  pmaxsb %xmm1, %xmm7
  pmaxsb %xmm8, %xmm15
  pmaxsb 0x12345678(%r14), %xmm12
  pmaxsb 0x10(%rsp), %xmm9
  pmaxsd %xmm2, %xmm0
  pmaxsd %xmm1, %xmm7
  pmaxsd (%r9,%r15,8), %xmm15
  pmaxsd -0x80(%rsi,%r10,2), %xmm12
  pmaxuw %xmm5, %xmm9
  pmaxuw %xmm2, %xmm0
  pmaxuw (%r8), %xmm7
  pmaxuw (%r13), %xmm15
  pmaxud %xmm3, %xmm12
  pmaxud %xmm5, %xmm9
  pmaxud 0x12345678(%r14), %xmm0
  pmaxud 0x10(%rsp), %xmm7
  pcmpeqq %xmm8, %xmm15
  pcmpeqq %xmm3, %xmm12
  pcmpeqq (%r9,%r15,8), %xmm9
  pcmpeqq -0x80(%rsi,%r10,2), %xmm0
  packusdw %xmm1, %xmm7
  packusdw %xmm8, %xmm15
  packusdw (%r8), %xmm12
  packusdw (%r13), %xmm9
  ptest %xmm2, %xmm0
  ptest %xmm1, %xmm7
  ptest 0x12345678(%r14), %xmm15
  ptest 0x10(%rsp), %xmm12
  phminposuw %xmm5, %xmm9
  phminposuw %xmm2, %xmm0
  phminposuw (%r9,%r15,8), %xmm7
  phminposuw -0x80(%rsi,%r10,2), %xmm15
  pmovsxbw %xmm3, %xmm12
  pmovsxbw %xmm5, %xmm9
  pmovsxbw (%r8), %xmm0
  pmovsxbw (%r13), %xmm7
  pmovsxbd %xmm8, %xmm15
  pmovsxbd %xmm3, %xmm12
  pmovsxbd 0x12345678(%r14), %xmm9
  pmovsxbd 0x10(%rsp), %xmm0
  pmovsxbq %xmm1, %xmm7
  pmovsxbq %xmm8, %xmm15
  pmovsxbq (%r9,%r15,8), %xmm12
  pmovsxbq -0x80(%rsi,%r10,2), %xmm9
  pmovsxwd %xmm2, %xmm0
  pmovsxwd %xmm1, %xmm7
  pmovsxwd (%r8), %xmm15
  pmovsxwd (%r13), %xmm12
  pmovsxwq %xmm5, %xmm9
  pmovsxwq %xmm2, %xmm0
  pmovsxwq 0x12345678(%r14), %xmm7
  pmovsxwq 0x10(%rsp), %xmm15
  pmovsxdq %xmm3, %xmm12
  pmovsxdq %xmm5, %xmm9
  pmovsxdq (%r9,%r15,8), %xmm0
  pmovsxdq -0x80(%rsi,%r10,2), %xmm7
  pmovzxbw %xmm8, %xmm15
  pmovzxbw %xmm3, %xmm12
  pmovzxbw (%r8), %xmm9
  pmovzxbw (%r13), %xmm0
  pmovzxbd %xmm1, %xmm7
  pmovzxbd %xmm8, %xmm15
  pmovzxbd 0x12345678(%r14), %xmm12
  pmovzxbd 0x10(%rsp), %xmm9
  pmovzxbq %xmm2, %xmm0
  pmovzxbq %xmm1, %xmm7
  pmovzxbq (%r9,%r15,8), %xmm15
  pmovzxbq -0x80(%rsi,%r10,2), %xmm12
  pmovzxwd %xmm5, %xmm9
  pmovzxwd %xmm2, %xmm0
  pmovzxwd (%r8), %xmm7
  pmovzxwd (%r13), %xmm15
  pmovzxwq %xmm3, %xmm12
  pmovzxwq %xmm5, %xmm9
  pmovzxwq 0x12345678(%r14), %xmm0
  pmovzxwq 0x10(%rsp), %xmm7
  pmovzxdq %xmm8, %xmm15
  pmovzxdq %xmm3, %xmm12
  pmovzxdq (%r9,%r15,8), %xmm9
  pmovzxdq -0x80(%rsi,%r10,2), %xmm0
  pcmpgtq %xmm1, %xmm7
  pcmpgtq %xmm8, %xmm15
  pcmpgtq (%r8), %xmm12
  pcmpgtq (%r13), %xmm9
  blendps $0x4e, %xmm0, %xmm1
  blendps $0x1b, 0x12345678(%r14), %xmm15
  blendps $0x80, %xmm12, %xmm5
  blendpd $0, %xmm2, %xmm0
  blendpd $0x7f, 0x40(%rip), %xmm8
  blendpd $3, %xmm3, %xmm12
  pblendw $1, %xmm9, %xmm2
  pblendw $0xff, (%r13), %xmm7
  pblendw $0x4e, %xmm15, %xmm3
  dpps $0x1b, %xmm5, %xmm9
  dpps $0x80, -8(%rbp), %xmm1
  dpps $0, %xmm8, %xmm15
  dppd $0x7f, %xmm12, %xmm5
  dppd $3, 0x12345678(%r14), %xmm0
  dppd $1, %xmm7, %xmm8
  insertps $0xff, %xmm3, %xmm12
  insertps $0x4e, 0x40(%rip), %xmm2
  insertps $0x1b, %xmm1, %xmm7
  roundps $0x80, %xmm15, %xmm3
  roundps $0, (%r13), %xmm9
  roundps $0x7f, %xmm0, %xmm1
  roundpd $3, %xmm8, %xmm15
  roundpd $1, -8(%rbp), %xmm5
  roundpd $0xff, %xmm2, %xmm0
  roundss $0x4e, %xmm7, %xmm8
  roundss $0x1b, 0x12345678(%r14), %xmm12
  roundss $0x80, %xmm9, %xmm2
  roundsd $0, %xmm1, %xmm7
  roundsd $0x7f, 0x40(%rip), %xmm3
  roundsd $3, %xmm5, %xmm9
  mpsadbw $1, %xmm0, %xmm1
  mpsadbw $0xff, (%r13), %xmm15
  mpsadbw $0x4e, %xmm12, %xmm5
  pcmpestri $0x1b, %xmm2, %xmm0
  pcmpestri $0x80, -8(%rbp), %xmm8
  pcmpestri $0, %xmm3, %xmm12
  pcmpestrm $0x7f, %xmm9, %xmm2
  pcmpestrm $3, 0x12345678(%r14), %xmm7
  pcmpestrm $1, %xmm15, %xmm3
  pcmpistri $0xff, %xmm5, %xmm9
  pcmpistri $0x4e, 0x40(%rip), %xmm1
  pcmpistri $0x1b, %xmm8, %xmm15
  pcmpistrm $0x80, %xmm12, %xmm5
  pcmpistrm $0, (%r13), %xmm0
  pcmpistrm $0x7f, %xmm7, %xmm8
  blendvps %xmm0, %xmm15, %xmm3
  blendvps %xmm0, (%rax), %xmm5
  blendvps %xmm9, %xmm2
  blendvps 0x7f(%r12), %xmm1
  blendvpd %xmm0, %xmm7, %xmm8
  blendvpd %xmm0, 0x40(%rip), %xmm3
  blendvpd %xmm12, %xmm5
  blendvpd (%rax), %xmm2
  pblendvb %xmm0, %xmm0, %xmm1
  pblendvb %xmm0, 0x7f(%r12), %xmm8
  pblendvb %xmm15, %xmm3
  pblendvb 0x40(%rip), %xmm5
  extractps $3, %xmm2, %eax
  extractps $1, %xmm7, (%r8)
  pextrb $0xff, %xmm3, %eax
  pextrb $0x4e, %xmm9, -0x80(%rsi,%r10,2)
  pextrd $0x1b, %xmm1, %eax
  pextrd $0x80, %xmm15, (%r8)
  pinsrb $0, %esi, %xmm9
  pinsrb $0x7f, 0x40(%rip), %xmm1
  pinsrd $3, %esi, %xmm15
  pinsrd $1, -8(%rbp), %xmm5
  pextrq $0xff, %xmm2, %rax
  pextrq $0x4e, %xmm7, -0x80(%rsi,%r10,2)
  pinsrq $0x1b, %rdi, %xmm12
  pinsrq $0x80, -8(%rbp), %xmm2
# SSE4.2, POPCNT, LZCNT/TZCNT, BMI1, MOVBE
  crc32b %al, %esi
  crc32b 0x1234(%rax,%rbx,4), %ecx
  crc32w %ax, %ebp
  crc32w (%rdi), %esi
  crc32l %eax, %ecx
  crc32l -8(%rbp), %ebp
  crc32 %r11b, %esi
  crc32 %r10w, %ecx
  crc32 %r8d, %ebp
  crc32q %r12, %rdi
  crc32q (%rax), %rcx
  crc32b %r11b, %rsp
  crc32 %r12, %rdi
  popcnt %eax, %ecx
  popcnt 0x40(%rip), %ebp
  popcnt %r10w, %si
  popcntw (%rax), %cx
  popcntl -8(%rbp), %ebp
  popcnt %r12, %rdi
  popcntq 0x1234(%rax,%rbx,4), %rcx
  lzcnt %r8d, %ebp
  lzcnt (%rdi), %esi
  lzcnt %ax, %cx
  lzcntw -8(%rbp), %si
  lzcntl 0x7f(%r12), %esi
  lzcnt %rax, %rcx
  lzcntq 0x40(%rip), %rsp
  tzcnt %r15d, %esi
  tzcnt (%rax), %ecx
  tzcnt %r10w, %si
  tzcntw 0x7f(%r12), %cx
  tzcntl 0x1234(%rax,%rbx,4), %ecx
  tzcnt %r9, %rsp
  tzcntq (%rdi), %rdi
  andn %eax, %ecx, %r8d
  andn (%r8), %r15d, %esi
  bextr %eax, %ecx, %r8d
  bextr %ebp, (%rdi), %esi
  blsi %eax, %ecx
  blsi -8(%rbp), %ebp
  blsmsk %r15d, %esi
  blsmsk 0x1234(%rax,%rbx,4), %ecx
  blsr %r8d, %ebp
  blsr (%rdi), %esi
  andn %rax, %rcx, %r9
  andn (%r8), %r12, %rdi
  bextr %rax, %rcx, %r9
  bextr %rsp, (%rdi), %rdi
  blsi %rax, %rcx
  blsi -8(%rbp), %rsp
  blsmsk %r12, %rdi
  blsmsk 0x1234(%rax,%rbx,4), %rcx
  blsr %r9, %rsp
  blsr (%rdi), %rdi
  blsrl (%rax), %ecx
  andnq -8(%rbp), %rsp, %r12
  movbe (%r13), %eax
  movbe %ecx, 0x40(%rip)
  movbe -0x80(%rsi,%r10,2), %r10w
  movbe %si, (%rax)
  movbel 0x10(%rsp), %r8d
  movbe (%r8), %r12
  movbe %rdi, 0x1234(%rax,%rbx,4)
# system and miscellaneous
  cmpxchg8b (%r9,%r15,8)
  lock cmpxchg8b 0x40(%rip)
  cmpxchg16b -0x80(%rsi,%r10,2)
  lock cmpxchg16b (%rdi)
  rdrand %esi
  rdrand %ax
  rdrand %rcx
  rdseed %r8d
  rdseed %si
  rdseed %r12
  rdpid %rdi
  rdfsbase %eax
  rdfsbase %rcx
  rdgsbase %r8d
  rdgsbase %rsp
  wrfsbase %r15d
  wrfsbase %rdi
  wrgsbase %eax
  wrgsbase %rcx
  clflush -8(%rbp)
  clflushopt (%r8)
  pause
  xgetbv
  lfence
  mfence
  sfence
  xsave 0x7f(%r12)
  xsave (%r13)
  xrstor 0x1234(%rax,%rbx,4)
  xrstor (%r9,%r15,8)
  xsaveopt 0x40(%rip)
  xsaveopt -0x80(%rsi,%r10,2)
  fxsave (%rdi)
  fxsave 0x12345678(%r14)
  fxrstor (%rax)
  fxrstor 0x10(%rsp)
  ldmxcsr -8(%rbp)
  ldmxcsr (%r8)
  stmxcsr 0x7f(%r12)
  stmxcsr (%r13)
  prefetchnta 0x1234(%rax,%rbx,4)
  prefetchnta (%r9,%r15,8)
  prefetcht0 0x40(%rip)
  prefetcht0 -0x80(%rsi,%r10,2)
  prefetcht1 (%rdi)
  prefetcht1 0x12345678(%r14)
  prefetcht2 (%rax)
  prefetcht2 0x10(%rsp)
  prefetchw -8(%rbp)
  prefetchw (%r8)
  xsave64 0x7f(%r12)
  xrstor64 (%r13)
  xsaveopt64 0x1234(%rax,%rbx,4)
  fxsave64 (%r9,%r15,8)
  fxrstor64 0x40(%rip)
  endbr64
  endbr32
  monitor
  mwait
  monitor %rax,%ecx,%edx
  mwait %eax,%ecx
  int1
  int3
  int $3
  int $0x80
  lar %cx, %r15d
  lar 0x12345678(%r14), %eax
  lsl %cx, %r8d
  lsl (%r8), %r15d
  lar %esi, %eax
  lsl %ecx, %r8d
  lar %cx, %r10w
  lsl 0x12345678(%r14), %ax
  lar %cx, %r9
  lsl (%r8), %r12
  verr %cx
  verr 0x1234(%rax,%rbx,4)
  verw %si
  verw 0x40(%rip)
  smsw %ebp
  smsw %r10w
  smsw 0x12345678(%r14)
  smsw %rax
  sgdt 0x10(%rsp)
  sidt -8(%rbp)
  sldt %si
  sldt %r15d
  sldt (%r13)
  sldt %rax
  str %si
  str %r8d
  str -0x80(%rsi,%r10,2)
  str %r12
  insb
  outsb
  rep insb
  rep outsb
  insw
  outsw
  rep insw
  rep outsw
  insl
  outsl
  rep insl
  rep outsl
  insb (%dx), %es:(%rdi)
  outsl (%rsi), (%dx)
  in $0x60, %al
  in $0x60, %ax
  in $0x60, %eax
  in %dx, %al
  in (%dx), %eax
  inb %dx
  inl $0x20
  out %al, $0x80
  out %ax, %dx
  out %eax, (%dx)
  outb $0x20
  outl %dx
  lret
  lret $8
  lretl
  lretw
  lretq
  ljmp *0x12345678(%r14)
  lcall *(%rax)
  ljmpl *0x10(%rsp)
  lcallw *-8(%rbp)
  rex64 ljmp *(%rax)
  rex64 lcall *(%r8)
# AES-NI, PCLMULQDQ (and as's selector pseudo-ops), SHA, GFNI
  aesenc %xmm1, %xmm2
  aesenclast 0x10(%rax), %xmm9
  aesdec %xmm15, %xmm0
  aesdeclast (%rsp), %xmm3
  aesimc 0x1234(%rax,%rbx,4), %xmm5
  aeskeygenassist $0x1b, %xmm1, %xmm2
  pclmulqdq $0x11, %xmm3, %xmm12
  pclmullqlqdq %xmm1, %xmm2
  pclmulhqhqdq (%rdi), %xmm2
  sha1rnds4 $3, %xmm1, %xmm2
  sha1nexte 0x7f(%r12), %xmm8
  sha1msg1 %xmm1, %xmm2
  sha1msg2 %xmm10, %xmm11
  sha256rnds2 %xmm0, %xmm1, %xmm2
  sha256rnds2 (%rax), %xmm9
  sha256msg1 %xmm4, %xmm5
  sha256msg2 -0x80(%rsi,%r10,2), %xmm6
  gf2p8mulb %xmm1, %xmm2
  gf2p8affineqb $0x63, (%rax), %xmm2
  gf2p8affineinvqb $0, %xmm14, %xmm13
  pclmulhqlqdq %xmm1, %xmm2
  pclmulqdq $0x10, (%rax), %xmm2
  pclmulqdq $0x2, %xmm1, %xmm2
# SSE4a (AMD)
  extrq $0x10, $0x8, %xmm1
  extrq %xmm2, %xmm13
  insertq $0x3, $0x3c, %xmm4, %xmm5
  insertq %xmm9, %xmm0
  movntss %xmm3, (%rax)
  movntsd %xmm12, 0x10(%r8,%rcx,8)
