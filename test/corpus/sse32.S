# trapdoor assembler corpus, 32-bit: SSE..SSE4.2 with their MMX forms, POPCNT/LZCNT/TZCNT, BMI1, MOVBE and the system extras of issue 9.
# Assembled by trapdoor and by GNU as --32 (test/asm), disassembled by trapdoor and objdump (test/disasm).
# Not meant to run: the instructions only have to encode.
.code32
  .text
  .globl _start
_start:
# SSE/SSE2 moves
  movaps %xmm0, %xmm1
  movaps %xmm7, %xmm3
  movaps 0x1234(%edi), %xmm2
  movaps (%edx), %xmm4
  movaps %xmm0, 0x10(%esp)
  movaps %xmm7, (%ebx,%esi,4)
  movups %xmm5, %xmm2
  movups %xmm6, %xmm4
  movups (%eax), %xmm1
  movups -8(%ebp), %xmm3
  movups %xmm5, 0x80(%ecx,%edx,8)
  movups %xmm6, 0x12345678
  movapd %xmm0, %xmm1
  movapd %xmm7, %xmm3
  movapd 0x1234(%edi), %xmm2
  movapd (%edx), %xmm4
  movapd %xmm0, 0x10(%esp)
  movapd %xmm7, (%ebx,%esi,4)
  movupd %xmm5, %xmm2
  movupd %xmm6, %xmm4
  movupd (%eax), %xmm1
  movupd -8(%ebp), %xmm3
  movupd %xmm5, 0x80(%ecx,%edx,8)
  movupd %xmm6, 0x12345678
  movdqa %xmm0, %xmm1
  movdqa %xmm7, %xmm3
  movdqa 0x1234(%edi), %xmm2
  movdqa (%edx), %xmm4
  movdqa %xmm0, 0x10(%esp)
  movdqa %xmm7, (%ebx,%esi,4)
  movdqu %xmm5, %xmm2
  movdqu %xmm6, %xmm4
  movdqu (%eax), %xmm1
  movdqu -8(%ebp), %xmm3
  movdqu %xmm5, 0x80(%ecx,%edx,8)
  movdqu %xmm6, 0x12345678
  movss %xmm0, %xmm1
  movss %xmm7, %xmm3
  movss 0x1234(%edi), %xmm2
  movss (%edx), %xmm4
  movss %xmm0, 0x10(%esp)
  movss %xmm7, (%ebx,%esi,4)
  movsd %xmm5, %xmm2
  movsd %xmm6, %xmm4
  movsd (%eax), %xmm1
  movsd -8(%ebp), %xmm3
  movsd %xmm5, 0x80(%ecx,%edx,8)
  movsd %xmm6, 0x12345678
  movhps (%eax), %xmm1
  movhps %xmm7, (%ebx,%esi,4)
  movhps 0x1234(%edi), %xmm2
  movlps (%edx), %xmm4
  movlps %xmm0, 0x10(%esp)
  movlps -8(%ebp), %xmm3
  movhpd 0x1234(%edi), %xmm2
  movhpd %xmm6, 0x12345678
  movhpd (%eax), %xmm1
  movlpd -8(%ebp), %xmm3
  movlpd %xmm5, 0x80(%ecx,%edx,8)
  movlpd (%edx), %xmm4
  movhlps %xmm0, %xmm1
  movhlps %xmm7, %xmm3
  movlhps %xmm5, %xmm2
  movlhps %xmm6, %xmm4
  movmskps %xmm0, %ebp
  movmskps %xmm7, %edi
  movmskpd %xmm5, %ecx
  movmskpd %xmm6, %ebp
  pmovmskb %xmm0, %edi
  pmovmskb %xmm7, %ecx
  pmovmskb %mm0, %ebp
  maskmovdqu %xmm6, %xmm4
  maskmovq %mm5, %mm0
  movd %edx, %xmm3
  movd 0x1234(%edi), %xmm2
  movd %xmm6, %ecx
  movd %xmm0, 0x10(%esp)
  movd %esi, %mm0
  movd %mm1, %ecx
  movd (%edx), %mm5
  movd %mm0, 0x10(%esp)
  movq %xmm7, %xmm3
  movq 0x1234(%edi), %xmm2
  movq %xmm6, 0x12345678
  movq %mm3, %mm5
  movq -8(%ebp), %mm1
  movq %mm7, 0x80(%ecx,%edx,8)
  movd %eax, %xmm4
  movd (%eax), %xmm1
  movd %xmm7, %edi
  movd %xmm5, 0x80(%ecx,%edx,8)
  movd %edx, %mm3
  movd %mm5, %edi
  movd -8(%ebp), %mm7
  movd %mm3, 0x80(%ecx,%edx,8)
  movq %xmm6, %xmm4
  movq (%eax), %xmm1
  movq %xmm7, (%ebx,%esi,4)
  movq %mm1, %mm7
  movq (%edx), %mm5
  movq %mm0, 0x10(%esp)
  movq2dq %mm7, %xmm3
  movdq2q %xmm5, %mm0
  movnti %edx, 0x12345678
  movntil %esi, 0x10(%esp)
  movntps %xmm7, (%ebx,%esi,4)
  movntps %xmm5, 0x80(%ecx,%edx,8)
  movntpd %xmm6, 0x12345678
  movntpd %xmm0, 0x10(%esp)
  movntdq %xmm7, (%ebx,%esi,4)
  movntdq %xmm5, 0x80(%ecx,%edx,8)
  movntq %mm7, 0x12345678
  movntdqa (%eax), %xmm1
  lddqu -8(%ebp), %xmm3
  movddup %xmm5, %xmm2
  movddup %xmm6, %xmm4
  movddup (%eax), %xmm1
  movddup -8(%ebp), %xmm3
  movshdup %xmm5, %xmm2
  movshdup %xmm6, %xmm4
  movshdup (%eax), %xmm1
  movshdup -8(%ebp), %xmm3
  movsldup %xmm5, %xmm2
  movsldup %xmm6, %xmm4
  movsldup (%eax), %xmm1
  movsldup -8(%ebp), %xmm3
# SSE/SSE2 floating point
  addps %xmm5, %xmm2
  addps %xmm6, %xmm4
  addps (%eax), %xmm1
  addps -8(%ebp), %xmm3
  addpd %xmm5, %xmm2
  addpd %xmm6, %xmm4
  addpd (%eax), %xmm1
  addpd -8(%ebp), %xmm3
  addss %xmm5, %xmm2
  addss %xmm6, %xmm4
  addss (%eax), %xmm1
  addss -8(%ebp), %xmm3
  addsd %xmm5, %xmm2
  addsd %xmm6, %xmm4
  addsd (%eax), %xmm1
  addsd -8(%ebp), %xmm3
  subps %xmm5, %xmm2
  subps %xmm6, %xmm4
  subps (%eax), %xmm1
  subps -8(%ebp), %xmm3
  subpd %xmm5, %xmm2
  subpd %xmm6, %xmm4
  subpd (%eax), %xmm1
  subpd -8(%ebp), %xmm3
  subss %xmm5, %xmm2
  subss %xmm6, %xmm4
  subss (%eax), %xmm1
  subss -8(%ebp), %xmm3
  subsd %xmm5, %xmm2
  subsd %xmm6, %xmm4
  subsd (%eax), %xmm1
  subsd -8(%ebp), %xmm3
  mulps %xmm5, %xmm2
  mulps %xmm6, %xmm4
  mulps (%eax), %xmm1
  mulps -8(%ebp), %xmm3
  mulpd %xmm5, %xmm2
  mulpd %xmm6, %xmm4
  mulpd (%eax), %xmm1
  mulpd -8(%ebp), %xmm3
  mulss %xmm5, %xmm2
  mulss %xmm6, %xmm4
  mulss (%eax), %xmm1
  mulss -8(%ebp), %xmm3
  mulsd %xmm5, %xmm2
  mulsd %xmm6, %xmm4
  mulsd (%eax), %xmm1
  mulsd -8(%ebp), %xmm3
  divps %xmm5, %xmm2
  divps %xmm6, %xmm4
  divps (%eax), %xmm1
  divps -8(%ebp), %xmm3
  divpd %xmm5, %xmm2
  divpd %xmm6, %xmm4
  divpd (%eax), %xmm1
  divpd -8(%ebp), %xmm3
  divss %xmm5, %xmm2
  divss %xmm6, %xmm4
  divss (%eax), %xmm1
  divss -8(%ebp), %xmm3
  divsd %xmm5, %xmm2
  divsd %xmm6, %xmm4
  divsd (%eax), %xmm1
  divsd -8(%ebp), %xmm3
  minps %xmm5, %xmm2
  minps %xmm6, %xmm4
  minps (%eax), %xmm1
  minps -8(%ebp), %xmm3
  minpd %xmm5, %xmm2
  minpd %xmm6, %xmm4
  minpd (%eax), %xmm1
  minpd -8(%ebp), %xmm3
  minss %xmm5, %xmm2
  minss %xmm6, %xmm4
  minss (%eax), %xmm1
  minss -8(%ebp), %xmm3
  minsd %xmm5, %xmm2
  minsd %xmm6, %xmm4
  minsd (%eax), %xmm1
  minsd -8(%ebp), %xmm3
  maxps %xmm5, %xmm2
  maxps %xmm6, %xmm4
  maxps (%eax), %xmm1
  maxps -8(%ebp), %xmm3
  maxpd %xmm5, %xmm2
  maxpd %xmm6, %xmm4
  maxpd (%eax), %xmm1
  maxpd -8(%ebp), %xmm3
  maxss %xmm5, %xmm2
  maxss %xmm6, %xmm4
  maxss (%eax), %xmm1
  maxss -8(%ebp), %xmm3
  maxsd %xmm5, %xmm2
  maxsd %xmm6, %xmm4
  maxsd (%eax), %xmm1
  maxsd -8(%ebp), %xmm3
  sqrtps %xmm5, %xmm2
  sqrtps %xmm6, %xmm4
  sqrtps (%eax), %xmm1
  sqrtps -8(%ebp), %xmm3
  sqrtpd %xmm5, %xmm2
  sqrtpd %xmm6, %xmm4
  sqrtpd (%eax), %xmm1
  sqrtpd -8(%ebp), %xmm3
  sqrtss %xmm5, %xmm2
  sqrtss %xmm6, %xmm4
  sqrtss (%eax), %xmm1
  sqrtss -8(%ebp), %xmm3
  sqrtsd %xmm5, %xmm2
  sqrtsd %xmm6, %xmm4
  sqrtsd (%eax), %xmm1
  sqrtsd -8(%ebp), %xmm3
  rcpps %xmm5, %xmm2
  rcpps %xmm6, %xmm4
  rcpps (%eax), %xmm1
  rcpps -8(%ebp), %xmm3
  rcpss %xmm5, %xmm2
  rcpss %xmm6, %xmm4
  rcpss (%eax), %xmm1
  rcpss -8(%ebp), %xmm3
  rsqrtps %xmm5, %xmm2
  rsqrtps %xmm6, %xmm4
  rsqrtps (%eax), %xmm1
  rsqrtps -8(%ebp), %xmm3
  rsqrtss %xmm5, %xmm2
  rsqrtss %xmm6, %xmm4
  rsqrtss (%eax), %xmm1
  rsqrtss -8(%ebp), %xmm3
  andps %xmm5, %xmm2
  andps %xmm6, %xmm4
  andps (%eax), %xmm1
  andps -8(%ebp), %xmm3
  andpd %xmm5, %xmm2
  andpd %xmm6, %xmm4
  andpd (%eax), %xmm1
  andpd -8(%ebp), %xmm3
  andnps %xmm5, %xmm2
  andnps %xmm6, %xmm4
  andnps (%eax), %xmm1
  andnps -8(%ebp), %xmm3
  andnpd %xmm5, %xmm2
  andnpd %xmm6, %xmm4
  andnpd (%eax), %xmm1
  andnpd -8(%ebp), %xmm3
  orps %xmm5, %xmm2
  orps %xmm6, %xmm4
  orps (%eax), %xmm1
  orps -8(%ebp), %xmm3
  orpd %xmm5, %xmm2
  orpd %xmm6, %xmm4
  orpd (%eax), %xmm1
  orpd -8(%ebp), %xmm3
  xorps %xmm5, %xmm2
  xorps %xmm6, %xmm4
  xorps (%eax), %xmm1
  xorps -8(%ebp), %xmm3
  xorpd %xmm5, %xmm2
  xorpd %xmm6, %xmm4
  xorpd (%eax), %xmm1
  xorpd -8(%ebp), %xmm3
  unpcklps %xmm5, %xmm2
  unpcklps %xmm6, %xmm4
  unpcklps (%eax), %xmm1
  unpcklps -8(%ebp), %xmm3
  unpcklpd %xmm5, %xmm2
  unpcklpd %xmm6, %xmm4
  unpcklpd (%eax), %xmm1
  unpcklpd -8(%ebp), %xmm3
  unpckhps %xmm5, %xmm2
  unpckhps %xmm6, %xmm4
  unpckhps (%eax), %xmm1
  unpckhps -8(%ebp), %xmm3
  unpckhpd %xmm5, %xmm2
  unpckhpd %xmm6, %xmm4
  unpckhpd (%eax), %xmm1
  unpckhpd -8(%ebp), %xmm3
  shufps $0xff, %xmm2, %xmm6
  shufps $0x4e, (%eax), %xmm1
  shufps $0x1b, %xmm3, %xmm5
  shufpd $0x80, %xmm6, %xmm4
  shufpd $0, 0x10(%esp), %xmm7
  shufpd $0x7f, %xmm5, %xmm2
  cmpps $3, %xmm4, %xmm0
  cmpps $1, -8(%ebp), %xmm3
  cmpps $0xff, %xmm2, %xmm6
  cmppd $0x4e, %xmm0, %xmm1
  cmppd $0x1b, (%ebx,%esi,4), %xmm5
  cmppd $0x80, %xmm6, %xmm4
  cmpss $0, %xmm1, %xmm7
  cmpss $0x7f, 0x1234(%edi), %xmm2
  cmpss $3, %xmm4, %xmm0
  cmpsd $1, %xmm7, %xmm3
  cmpsd $0xff, 0x80(%ecx,%edx,8), %xmm6
  cmpsd $0x4e, %xmm0, %xmm1
  cmpeqps %xmm7, %xmm3
  cmpeqps 0x1234(%edi), %xmm2
  cmpeqpd %xmm6, %xmm4
  cmpeqpd (%eax), %xmm1
  cmpeqss %xmm7, %xmm3
  cmpeqss 0x1234(%edi), %xmm2
  cmpeqsd %xmm6, %xmm4
  cmpeqsd (%eax), %xmm1
  cmpltps %xmm7, %xmm3
  cmpltps 0x1234(%edi), %xmm2
  cmpltpd %xmm6, %xmm4
  cmpltpd (%eax), %xmm1
  cmpltss %xmm7, %xmm3
  cmpltss 0x1234(%edi), %xmm2
  cmpltsd %xmm6, %xmm4
  cmpltsd (%eax), %xmm1
  cmpleps %xmm7, %xmm3
  cmpleps 0x1234(%edi), %xmm2
  cmplepd %xmm6, %xmm4
  cmplepd (%eax), %xmm1
  cmpless %xmm7, %xmm3
  cmpless 0x1234(%edi), %xmm2
  cmplesd %xmm6, %xmm4
  cmplesd (%eax), %xmm1
  cmpunordps %xmm7, %xmm3
  cmpunordps 0x1234(%edi), %xmm2
  cmpunordpd %xmm6, %xmm4
  cmpunordpd (%eax), %xmm1
  cmpunordss %xmm7, %xmm3
  cmpunordss 0x1234(%edi), %xmm2
  cmpunordsd %xmm6, %xmm4
  cmpunordsd (%eax), %xmm1
  cmpneqps %xmm7, %xmm3
  cmpneqps 0x1234(%edi), %xmm2
  cmpneqpd %xmm6, %xmm4
  cmpneqpd (%eax), %xmm1
  cmpneqss %xmm7, %xmm3
  cmpneqss 0x1234(%edi), %xmm2
  cmpneqsd %xmm6, %xmm4
  cmpneqsd (%eax), %xmm1
  cmpnltps %xmm7, %xmm3
  cmpnltps 0x1234(%edi), %xmm2
  cmpnltpd %xmm6, %xmm4
  cmpnltpd (%eax), %xmm1
  cmpnltss %xmm7, %xmm3
  cmpnltss 0x1234(%edi), %xmm2
  cmpnltsd %xmm6, %xmm4
  cmpnltsd (%eax), %xmm1
  cmpnleps %xmm7, %xmm3
  cmpnleps 0x1234(%edi), %xmm2
  cmpnlepd %xmm6, %xmm4
  cmpnlepd (%eax), %xmm1
  cmpnless %xmm7, %xmm3
  cmpnless 0x1234(%edi), %xmm2
  cmpnlesd %xmm6, %xmm4
  cmpnlesd (%eax), %xmm1
  cmpordps %xmm7, %xmm3
  cmpordps 0x1234(%edi), %xmm2
  cmpordpd %xmm6, %xmm4
  cmpordpd (%eax), %xmm1
  cmpordss %xmm7, %xmm3
  cmpordss 0x1234(%edi), %xmm2
  cmpordsd %xmm6, %xmm4
  cmpordsd (%eax), %xmm1
  comiss %xmm7, %xmm3
  comiss %xmm5, %xmm2
  comiss (%edx), %xmm4
  comiss (%eax), %xmm1
  ucomiss %xmm7, %xmm3
  ucomiss %xmm5, %xmm2
  ucomiss (%edx), %xmm4
  ucomiss (%eax), %xmm1
  comisd %xmm7, %xmm3
  comisd %xmm5, %xmm2
  comisd (%edx), %xmm4
  comisd (%eax), %xmm1
  ucomisd %xmm7, %xmm3
  ucomisd %xmm5, %xmm2
  ucomisd (%edx), %xmm4
  ucomisd (%eax), %xmm1
  haddps %xmm7, %xmm3
  haddps %xmm5, %xmm2
  haddps (%edx), %xmm4
  haddps (%eax), %xmm1
  hsubps %xmm7, %xmm3
  hsubps %xmm5, %xmm2
  hsubps (%edx), %xmm4
  hsubps (%eax), %xmm1
  haddpd %xmm7, %xmm3
  haddpd %xmm5, %xmm2
  haddpd (%edx), %xmm4
  haddpd (%eax), %xmm1
  hsubpd %xmm7, %xmm3
  hsubpd %xmm5, %xmm2
  hsubpd (%edx), %xmm4
  hsubpd (%eax), %xmm1
  addsubps %xmm7, %xmm3
  addsubps %xmm5, %xmm2
  addsubps (%edx), %xmm4
  addsubps (%eax), %xmm1
  addsubpd %xmm7, %xmm3
  addsubpd %xmm5, %xmm2
  addsubpd (%edx), %xmm4
  addsubpd (%eax), %xmm1
# conversions
  cvtps2pd %xmm7, %xmm3
  cvtps2pd %xmm5, %xmm2
  cvtps2pd (%edx), %xmm4
  cvtps2pd (%eax), %xmm1
  cvtpd2ps %xmm7, %xmm3
  cvtpd2ps %xmm5, %xmm2
  cvtpd2ps (%edx), %xmm4
  cvtpd2ps (%eax), %xmm1
  cvtss2sd %xmm7, %xmm3
  cvtss2sd %xmm5, %xmm2
  cvtss2sd (%edx), %xmm4
  cvtss2sd (%eax), %xmm1
  cvtsd2ss %xmm7, %xmm3
  cvtsd2ss %xmm5, %xmm2
  cvtsd2ss (%edx), %xmm4
  cvtsd2ss (%eax), %xmm1
  cvtdq2ps %xmm7, %xmm3
  cvtdq2ps %xmm5, %xmm2
  cvtdq2ps (%edx), %xmm4
  cvtdq2ps (%eax), %xmm1
  cvtps2dq %xmm7, %xmm3
  cvtps2dq %xmm5, %xmm2
  cvtps2dq (%edx), %xmm4
  cvtps2dq (%eax), %xmm1
  cvttps2dq %xmm7, %xmm3
  cvttps2dq %xmm5, %xmm2
  cvttps2dq (%edx), %xmm4
  cvttps2dq (%eax), %xmm1
  cvtdq2pd %xmm7, %xmm3
  cvtdq2pd %xmm5, %xmm2
  cvtdq2pd (%edx), %xmm4
  cvtdq2pd (%eax), %xmm1
  cvtpd2dq %xmm7, %xmm3
  cvtpd2dq %xmm5, %xmm2
  cvtpd2dq (%edx), %xmm4
  cvtpd2dq (%eax), %xmm1
  cvttpd2dq %xmm7, %xmm3
  cvttpd2dq %xmm5, %xmm2
  cvttpd2dq (%edx), %xmm4
  cvttpd2dq (%eax), %xmm1
  cvtpi2ps %mm1, %xmm3
  cvtpi2ps 0x1234(%edi), %xmm2
  cvtpi2pd %mm0, %xmm4
  cvtpi2pd (%eax), %xmm1
  cvtps2pi %xmm7, %mm0
  cvtps2pi 0x1234(%edi), %mm7
  cvttps2pi %xmm6, %mm5
  cvttps2pi (%eax), %mm1
  cvtpd2pi %xmm7, %mm3
  cvtpd2pi 0x1234(%edi), %mm0
  cvttpd2pi %xmm6, %mm7
  cvttpd2pi (%eax), %mm5
  cvtsi2ss %esi, %xmm3
  cvtsi2ssl 0x1234(%edi), %xmm2
  cvtsi2ssl %edx, %xmm4
  cvtsi2sd %esi, %xmm1
  cvtsi2sdl -8(%ebp), %xmm3
  cvtsi2sdl %edx, %xmm2
  cvtss2si %xmm6, %edi
  cvtss2si (%eax), %ecx
  cvttss2si %xmm7, %ebp
  cvttss2si 0x1234(%edi), %edi
  cvtsd2si %xmm6, %ecx
  cvtsd2si (%eax), %ebp
  cvttsd2si %xmm7, %edi
  cvttsd2si 0x1234(%edi), %ecx
# packed integer, MMX and SSE2 forms
  paddb %xmm6, %xmm4
  paddb %xmm0, %xmm1
  paddb -8(%ebp), %xmm3
  paddb 0x1234(%edi), %xmm2
  paddb %mm1, %mm7
  paddb (%eax), %mm5
  paddw %xmm7, %xmm3
  paddw %xmm5, %xmm2
  paddw (%edx), %xmm4
  paddw (%eax), %xmm1
  paddw %mm3, %mm5
  paddw 0x1234(%edi), %mm1
  paddd %xmm6, %xmm4
  paddd %xmm0, %xmm1
  paddd -8(%ebp), %xmm3
  paddd 0x1234(%edi), %xmm2
  paddd %mm0, %mm1
  paddd (%eax), %mm3
  paddq %xmm7, %xmm3
  paddq %xmm5, %xmm2
  paddq (%edx), %xmm4
  paddq (%eax), %xmm1
  paddq %mm7, %mm3
  paddq 0x1234(%edi), %mm0
  paddsb %xmm6, %xmm4
  paddsb %xmm0, %xmm1
  paddsb -8(%ebp), %xmm3
  paddsb 0x1234(%edi), %xmm2
  paddsb %mm5, %mm0
  paddsb (%eax), %mm7
  paddsw %xmm7, %xmm3
  paddsw %xmm5, %xmm2
  paddsw (%edx), %xmm4
  paddsw (%eax), %xmm1
  paddsw %mm1, %mm7
  paddsw 0x1234(%edi), %mm5
  paddusb %xmm6, %xmm4
  paddusb %xmm0, %xmm1
  paddusb -8(%ebp), %xmm3
  paddusb 0x1234(%edi), %xmm2
  paddusb %mm3, %mm5
  paddusb (%eax), %mm1
  paddusw %xmm7, %xmm3
  paddusw %xmm5, %xmm2
  paddusw (%edx), %xmm4
  paddusw (%eax), %xmm1
  paddusw %mm0, %mm1
  paddusw 0x1234(%edi), %mm3
  psubb %xmm6, %xmm4
  psubb %xmm0, %xmm1
  psubb -8(%ebp), %xmm3
  psubb 0x1234(%edi), %xmm2
  psubb %mm7, %mm3
  psubb (%eax), %mm0
  psubw %xmm7, %xmm3
  psubw %xmm5, %xmm2
  psubw (%edx), %xmm4
  psubw (%eax), %xmm1
  psubw %mm5, %mm0
  psubw 0x1234(%edi), %mm7
  psubd %xmm6, %xmm4
  psubd %xmm0, %xmm1
  psubd -8(%ebp), %xmm3
  psubd 0x1234(%edi), %xmm2
  psubd %mm1, %mm7
  psubd (%eax), %mm5
  psubq %xmm7, %xmm3
  psubq %xmm5, %xmm2
  psubq (%edx), %xmm4
  psubq (%eax), %xmm1
  psubq %mm3, %mm5
  psubq 0x1234(%edi), %mm1
  psubsb %xmm6, %xmm4
  psubsb %xmm0, %xmm1
  psubsb -8(%ebp), %xmm3
  psubsb 0x1234(%edi), %xmm2
  psubsb %mm0, %mm1
  psubsb (%eax), %mm3
  psubsw %xmm7, %xmm3
  psubsw %xmm5, %xmm2
  psubsw (%edx), %xmm4
  psubsw (%eax), %xmm1
  psubsw %mm7, %mm3
  psubsw 0x1234(%edi), %mm0
  psubusb %xmm6, %xmm4
  psubusb %xmm0, %xmm1
  psubusb -8(%ebp), %xmm3
  psubusb 0x1234(%edi), %xmm2
  psubusb %mm5, %mm0
  psubusb (%eax), %mm7
  psubusw %xmm7, %xmm3
  psubusw %xmm5, %xmm2
  psubusw (%edx), %xmm4
  psubusw (%eax), %xmm1
  psubusw %mm1, %mm7
  psubusw 0x1234(%edi), %mm5
  pmullw %xmm6, %xmm4
  pmullw %xmm0, %xmm1
  pmullw -8(%ebp), %xmm3
  pmullw 0x1234(%edi), %xmm2
  pmullw %mm3, %mm5
  pmullw (%eax), %mm1
  pmulhw %xmm7, %xmm3
  pmulhw %xmm5, %xmm2
  pmulhw (%edx), %xmm4
  pmulhw (%eax), %xmm1
  pmulhw %mm0, %mm1
  pmulhw 0x1234(%edi), %mm3
  pmulhuw %xmm6, %xmm4
  pmulhuw %xmm0, %xmm1
  pmulhuw -8(%ebp), %xmm3
  pmulhuw 0x1234(%edi), %xmm2
  pmulhuw %mm7, %mm3
  pmulhuw (%eax), %mm0
  pmuludq %xmm7, %xmm3
  pmuludq %xmm5, %xmm2
  pmuludq (%edx), %xmm4
  pmuludq (%eax), %xmm1
  pmuludq %mm5, %mm0
  pmuludq 0x1234(%edi), %mm7
  pmaddwd %xmm6, %xmm4
  pmaddwd %xmm0, %xmm1
  pmaddwd -8(%ebp), %xmm3
  pmaddwd 0x1234(%edi), %xmm2
  pmaddwd %mm1, %mm7
  pmaddwd (%eax), %mm5
  psadbw %xmm7, %xmm3
  psadbw %xmm5, %xmm2
  psadbw (%edx), %xmm4
  psadbw (%eax), %xmm1
  psadbw %mm3, %mm5
  psadbw 0x1234(%edi), %mm1
  pavgb %xmm6, %xmm4
  pavgb %xmm0, %xmm1
  pavgb -8(%ebp), %xmm3
  pavgb 0x1234(%edi), %xmm2
  pavgb %mm0, %mm1
  pavgb (%eax), %mm3
  pavgw %xmm7, %xmm3
  pavgw %xmm5, %xmm2
  pavgw (%edx), %xmm4
  pavgw (%eax), %xmm1
  pavgw %mm7, %mm3
  pavgw 0x1234(%edi), %mm0
  pminub %xmm6, %xmm4
  pminub %xmm0, %xmm1
  pminub -8(%ebp), %xmm3
  pminub 0x1234(%edi), %xmm2
  pminub %mm5, %mm0
  pminub (%eax), %mm7
  pmaxub %xmm7, %xmm3
  pmaxub %xmm5, %xmm2
  pmaxub (%edx), %xmm4
  pmaxub (%eax), %xmm1
  pmaxub %mm1, %mm7
  pmaxub 0x1234(%edi), %mm5
  pminsw %xmm6, %xmm4
  pminsw %xmm0, %xmm1
  pminsw -8(%ebp), %xmm3
  pminsw 0x1234(%edi), %xmm2
  pminsw %mm3, %mm5
  pminsw (%eax), %mm1
  pmaxsw %xmm7, %xmm3
  pmaxsw %xmm5, %xmm2
  pmaxsw (%edx), %xmm4
  pmaxsw (%eax), %xmm1
  pmaxsw %mm0, %mm1
  pmaxsw 0x1234(%edi), %mm3
  pand %xmm6, %xmm4
  pand %xmm0, %xmm1
  pand -8(%ebp), %xmm3
  pand 0x1234(%edi), %xmm2
  pand %mm7, %mm3
  pand (%eax), %mm0
  pandn %xmm7, %xmm3
  pandn %xmm5, %xmm2
  pandn (%edx), %xmm4
  pandn (%eax), %xmm1
  pandn %mm5, %mm0
  pandn 0x1234(%edi), %mm7
  por %xmm6, %xmm4
  por %xmm0, %xmm1
  por -8(%ebp), %xmm3
  por 0x1234(%edi), %xmm2
  por %mm1, %mm7
  por (%eax), %mm5
  pxor %xmm7, %xmm3
  pxor %xmm5, %xmm2
  pxor (%edx), %xmm4
  pxor (%eax), %xmm1
  pxor %mm3, %mm5
  pxor 0x1234(%edi), %mm1
  pcmpeqb %xmm6, %xmm4
  pcmpeqb %xmm0, %xmm1
  pcmpeqb -8(%ebp), %xmm3
  pcmpeqb 0x1234(%edi), %xmm2
  pcmpeqb %mm0, %mm1
  pcmpeqb (%eax), %mm3
  pcmpeqw %xmm7, %xmm3
  pcmpeqw %xmm5, %xmm2
  pcmpeqw (%edx), %xmm4
  pcmpeqw (%eax), %xmm1
  pcmpeqw %mm7, %mm3
  pcmpeqw 0x1234(%edi), %mm0
  pcmpeqd %xmm6, %xmm4
  pcmpeqd %xmm0, %xmm1
  pcmpeqd -8(%ebp), %xmm3
  pcmpeqd 0x1234(%edi), %xmm2
  pcmpeqd %mm5, %mm0
  pcmpeqd (%eax), %mm7
  pcmpgtb %xmm7, %xmm3
  pcmpgtb %xmm5, %xmm2
  pcmpgtb (%edx), %xmm4
  pcmpgtb (%eax), %xmm1
  pcmpgtb %mm1, %mm7
  pcmpgtb 0x1234(%edi), %mm5
  pcmpgtw %xmm6, %xmm4
  pcmpgtw %xmm0, %xmm1
  pcmpgtw -8(%ebp), %xmm3
  pcmpgtw 0x1234(%edi), %xmm2
  pcmpgtw %mm3, %mm5
  pcmpgtw (%eax), %mm1
  pcmpgtd %xmm7, %xmm3
  pcmpgtd %xmm5, %xmm2
  pcmpgtd (%edx), %xmm4
  pcmpgtd (%eax), %xmm1
  pcmpgtd %mm0, %mm1
  pcmpgtd 0x1234(%edi), %mm3
  packsswb %xmm6, %xmm4
  packsswb %xmm0, %xmm1
  packsswb -8(%ebp), %xmm3
  packsswb 0x1234(%edi), %xmm2
  packsswb %mm7, %mm3
  packsswb (%eax), %mm0
  packssdw %xmm7, %xmm3
  packssdw %xmm5, %xmm2
  packssdw (%edx), %xmm4
  packssdw (%eax), %xmm1
  packssdw %mm5, %mm0
  packssdw 0x1234(%edi), %mm7
  packuswb %xmm6, %xmm4
  packuswb %xmm0, %xmm1
  packuswb -8(%ebp), %xmm3
  packuswb 0x1234(%edi), %xmm2
  packuswb %mm1, %mm7
  packuswb (%eax), %mm5
  punpcklbw %xmm7, %xmm3
  punpcklbw %xmm5, %xmm2
  punpcklbw (%edx), %xmm4
  punpcklbw (%eax), %xmm1
  punpcklbw %mm3, %mm5
  punpcklbw 0x1234(%edi), %mm1
  punpcklwd %xmm6, %xmm4
  punpcklwd %xmm0, %xmm1
  punpcklwd -8(%ebp), %xmm3
  punpcklwd 0x1234(%edi), %xmm2
  punpcklwd %mm0, %mm1
  punpcklwd (%eax), %mm3
  punpckldq %xmm7, %xmm3
  punpckldq %xmm5, %xmm2
  punpckldq (%edx), %xmm4
  punpckldq (%eax), %xmm1
  punpckldq %mm7, %mm3
  punpckldq 0x1234(%edi), %mm0
  punpckhbw %xmm6, %xmm4
  punpckhbw %xmm0, %xmm1
  punpckhbw -8(%ebp), %xmm3
  punpckhbw 0x1234(%edi), %xmm2
  punpckhbw %mm5, %mm0
  punpckhbw (%eax), %mm7
  punpckhwd %xmm7, %xmm3
  punpckhwd %xmm5, %xmm2
  punpckhwd (%edx), %xmm4
  punpckhwd (%eax), %xmm1
  punpckhwd %mm1, %mm7
  punpckhwd 0x1234(%edi), %mm5
  punpckhdq %xmm6, %xmm4
  punpckhdq %xmm0, %xmm1
  punpckhdq -8(%ebp), %xmm3
  punpckhdq 0x1234(%edi), %xmm2
  punpckhdq %mm3, %mm5
  punpckhdq (%eax), %mm1
  pshufb %xmm7, %xmm3
  pshufb %xmm5, %xmm2
  pshufb (%edx), %xmm4
  pshufb (%eax), %xmm1
  pshufb %mm0, %mm1
  pshufb 0x1234(%edi), %mm3
  phaddw %xmm6, %xmm4
  phaddw %xmm0, %xmm1
  phaddw -8(%ebp), %xmm3
  phaddw 0x1234(%edi), %xmm2
  phaddw %mm7, %mm3
  phaddw (%eax), %mm0
  phaddd %xmm7, %xmm3
  phaddd %xmm5, %xmm2
  phaddd (%edx), %xmm4
  phaddd (%eax), %xmm1
  phaddd %mm5, %mm0
  phaddd 0x1234(%edi), %mm7
  phaddsw %xmm6, %xmm4
  phaddsw %xmm0, %xmm1
  phaddsw -8(%ebp), %xmm3
  phaddsw 0x1234(%edi), %xmm2
  phaddsw %mm1, %mm7
  phaddsw (%eax), %mm5
  phsubw %xmm7, %xmm3
  phsubw %xmm5, %xmm2
  phsubw (%edx), %xmm4
  phsubw (%eax), %xmm1
  phsubw %mm3, %mm5
  phsubw 0x1234(%edi), %mm1
  phsubd %xmm6, %xmm4
  phsubd %xmm0, %xmm1
  phsubd -8(%ebp), %xmm3
  phsubd 0x1234(%edi), %xmm2
  phsubd %mm0, %mm1
  phsubd (%eax), %mm3
  phsubsw %xmm7, %xmm3
  phsubsw %xmm5, %xmm2
  phsubsw (%edx), %xmm4
  phsubsw (%eax), %xmm1
  phsubsw %mm7, %mm3
  phsubsw 0x1234(%edi), %mm0
  pmaddubsw %xmm6, %xmm4
  pmaddubsw %xmm0, %xmm1
  pmaddubsw -8(%ebp), %xmm3
  pmaddubsw 0x1234(%edi), %xmm2
  pmaddubsw %mm5, %mm0
  pmaddubsw (%eax), %mm7
  pmulhrsw %xmm7, %xmm3
  pmulhrsw %xmm5, %xmm2
  pmulhrsw (%edx), %xmm4
  pmulhrsw (%eax), %xmm1
  pmulhrsw %mm1, %mm7
  pmulhrsw 0x1234(%edi), %mm5
  psignb %xmm6, %xmm4
  psignb %xmm0, %xmm1
  psignb -8(%ebp), %xmm3
  psignb 0x1234(%edi), %xmm2
  psignb %mm3, %mm5
  psignb (%eax), %mm1
  psignw %xmm7, %xmm3
  psignw %xmm5, %xmm2
  psignw (%edx), %xmm4
  psignw (%eax), %xmm1
  psignw %mm0, %mm1
  psignw 0x1234(%edi), %mm3
  psignd %xmm6, %xmm4
  psignd %xmm0, %xmm1
  psignd -8(%ebp), %xmm3
  psignd 0x1234(%edi), %xmm2
  psignd %mm7, %mm3
  psignd (%eax), %mm0
  pabsb %xmm7, %xmm3
  pabsb %xmm5, %xmm2
  pabsb (%edx), %xmm4
  pabsb (%eax), %xmm1
  pabsb %mm5, %mm0
  pabsb 0x1234(%edi), %mm7
  pabsw %xmm6, %xmm4
  pabsw %xmm0, %xmm1
  pabsw -8(%ebp), %xmm3
  pabsw 0x1234(%edi), %xmm2
  pabsw %mm1, %mm7
  pabsw (%eax), %mm5
  pabsd %xmm7, %xmm3
  pabsd %xmm5, %xmm2
  pabsd (%edx), %xmm4
  pabsd (%eax), %xmm1
  pabsd %mm3, %mm5
  pabsd 0x1234(%edi), %mm1
  punpcklqdq %xmm6, %xmm4
  punpcklqdq %xmm0, %xmm1
  punpcklqdq -8(%ebp), %xmm3
  punpcklqdq 0x1234(%edi), %xmm2
  punpckhqdq %xmm6, %xmm4
  punpckhqdq %xmm0, %xmm1
  punpckhqdq -8(%ebp), %xmm3
  punpckhqdq 0x1234(%edi), %xmm2
  psllw %xmm6, %xmm4
  psllw %xmm0, %xmm1
  psllw -8(%ebp), %xmm3
  psllw 0x1234(%edi), %xmm2
  psllw %mm1, %mm7
  psllw (%eax), %mm5
  psllw $0x1b, %xmm3
  psllw $0xff, %mm3
  pslld %xmm6, %xmm4
  pslld %xmm0, %xmm1
  pslld -8(%ebp), %xmm3
  pslld 0x1234(%edi), %xmm2
  pslld %mm7, %mm3
  pslld (%eax), %mm0
  pslld $0x1b, %xmm3
  pslld $0xff, %mm5
  psllq %xmm6, %xmm4
  psllq %xmm0, %xmm1
  psllq -8(%ebp), %xmm3
  psllq 0x1234(%edi), %xmm2
  psllq %mm3, %mm5
  psllq (%eax), %mm1
  psllq $0x1b, %xmm3
  psllq $0xff, %mm0
  psrlw %xmm6, %xmm4
  psrlw %xmm0, %xmm1
  psrlw -8(%ebp), %xmm3
  psrlw 0x1234(%edi), %xmm2
  psrlw %mm5, %mm0
  psrlw (%eax), %mm7
  psrlw $0x1b, %xmm3
  psrlw $0xff, %mm1
  psrld %xmm6, %xmm4
  psrld %xmm0, %xmm1
  psrld -8(%ebp), %xmm3
  psrld 0x1234(%edi), %xmm2
  psrld %mm0, %mm1
  psrld (%eax), %mm3
  psrld $0x1b, %xmm3
  psrld $0xff, %mm7
  psrlq %xmm6, %xmm4
  psrlq %xmm0, %xmm1
  psrlq -8(%ebp), %xmm3
  psrlq 0x1234(%edi), %xmm2
  psrlq %mm1, %mm7
  psrlq (%eax), %mm5
  psrlq $0x1b, %xmm3
  psrlq $0xff, %mm3
  psraw %xmm6, %xmm4
  psraw %xmm0, %xmm1
  psraw -8(%ebp), %xmm3
  psraw 0x1234(%edi), %xmm2
  psraw %mm7, %mm3
  psraw (%eax), %mm0
  psraw $0x1b, %xmm3
  psraw $0xff, %mm5
  psrad %xmm6, %xmm4
  psrad %xmm0, %xmm1
  psrad -8(%ebp), %xmm3
  psrad 0x1234(%edi), %xmm2
  psrad %mm3, %mm5
  psrad (%eax), %mm1
  psrad $0x1b, %xmm3
  psrad $0xff, %mm0
  pslldq $3, %xmm4
  pslldq $0, %xmm1
  psrldq $0x1b, %xmm3
  psrldq $0xff, %xmm2
  pshufd $3, %xmm4, %xmm0
  pshufd $1, -8(%ebp), %xmm3
  pshufd $0xff, %xmm2, %xmm6
  pshufhw $0x4e, %xmm0, %xmm1
  pshufhw $0x1b, (%ebx,%esi,4), %xmm5
  pshufhw $0x80, %xmm6, %xmm4
  pshuflw $0, %xmm1, %xmm7
  pshuflw $0x7f, 0x1234(%edi), %xmm2
  pshuflw $3, %xmm4, %xmm0
  pshufw $1, %mm7, %mm3
  pshufw $0xff, 0x80(%ecx,%edx,8), %mm1
  palignr $0x4e, %mm3, %mm5
  palignr $0x1b, (%ebx,%esi,4), %mm7
  palignr $0x80, %xmm6, %xmm4
  palignr $0, 0x10(%esp), %xmm7
  palignr $0x7f, %xmm5, %xmm2
  pextrw $3, %xmm4, %eax
  pextrw $1, %mm1, %ebp
  pextrw $0xff, %xmm2, (%edx)
  pinsrw $0x4e, %edx, %xmm1
  pinsrw $0x1b, (%ebx,%esi,4), %xmm5
  pinsrw $0x80, %edx, %mm5
  pinsrw $0, 0x10(%esp), %mm7
  emms
# SSE4.1
  pmulld %xmm3, %xmm5
  pmulld %xmm2, %xmm6
  pmulld 0x12345678, %xmm0
  pmulld 0x10(%esp), %xmm7
  pmuldq %xmm3, %xmm5
  pmuldq %xmm2, %xmm6
  pmuldq 0x12345678, %xmm0
  pmuldq 0x10(%esp), %xmm7
  pminsb %xmm3, %xmm5
  pminsb %xmm2, %xmm6
  pminsb 0x12345678, %xmm0
  pminsb 0x10(%esp), %xmm7
  pminsd %xmm3, %xmm5
  pminsd %xmm2, %xmm6
  pminsd 0x12345678, %xmm0
  pminsd 0x10(%esp), %xmm7
  pminuw %xmm3, %xmm5
  pminuw %xmm2, %xmm6
  pminuw 0x12345678, %xmm0
  pminuw 0x10(%esp), %xmm7
  pminud %xmm3, %xmm5
  pminud %xmm2, %xmm6
  pminud 0x12345678, %xmm0
  pminud 0x10(%esp), %xmm7
  pmaxsb %xmm3, %xmm5
  pmaxsb %xmm2, %xmm6
  pmaxsb 0x12345678, %xmm0
  pmaxsb 0x10(%esp), %xmm7
  pmaxsd %xmm3, %xmm5
  pmaxsd %xmm2, %xmm6
  pmaxsd 0x12345678, %xmm0
  pmaxsd 0x10(%esp), %xmm7
  pmaxuw %xmm3, %xmm5
  pmaxuw %xmm2, %xmm6
  pmaxuw 0x12345678, %xmm0
  pmaxuw 0x10(%esp), %xmm7
  pmaxud %xmm3, %xmm5
  pmaxud %xmm2, %xmm6
  pmaxud 0x12345678, %xmm0
  pmaxud 0x10(%esp), %xmm7
  pcmpeqq %xmm3, %xmm5
  pcmpeqq %xmm2, %xmm6
  pcmpeqq 0x12345678, %xmm0
  pcmpeqq 0x10(%esp), %xmm7
  packusdw %xmm3, %xmm5
  packusdw %xmm2, %xmm6
  packusdw 0x12345678, %xmm0
  packusdw 0x10(%esp), %xmm7
  ptest %xmm3, %xmm5
  ptest %xmm2, %xmm6
  ptest 0x12345678, %xmm0
  ptest 0x10(%esp), %xmm7
  phminposuw %xmm3, %xmm5
  phminposuw %xmm2, %xmm6
  phminposuw 0x12345678, %xmm0
  phminposuw 0x10(%esp), %xmm7
  pmovsxbw %xmm3, %xmm5
  pmovsxbw %xmm2, %xmm6
  pmovsxbw 0x12345678, %xmm0
  pmovsxbw 0x10(%esp), %xmm7
  pmovsxbd %xmm3, %xmm5
  pmovsxbd %xmm2, %xmm6
  pmovsxbd 0x12345678, %xmm0
  pmovsxbd 0x10(%esp), %xmm7
  pmovsxbq %xmm3, %xmm5
  pmovsxbq %xmm2, %xmm6
  pmovsxbq 0x12345678, %xmm0
  pmovsxbq 0x10(%esp), %xmm7
  pmovsxwd %xmm3, %xmm5
  pmovsxwd %xmm2, %xmm6
  pmovsxwd 0x12345678, %xmm0
  pmovsxwd 0x10(%esp), %xmm7
  pmovsxwq %xmm3, %xmm5
  pmovsxwq %xmm2, %xmm6
  pmovsxwq 0x12345678, %xmm0
  pmovsxwq 0x10(%esp), %xmm7
  pmovsxdq %xmm3, %xmm5
  pmovsxdq %xmm2, %xmm6
  pmovsxdq 0x12345678, %xmm0
  pmovsxdq 0x10(%esp), %xmm7
  pmovzxbw %xmm3, %xmm5
  pmovzxbw %xmm2, %xmm6
  pmovzxbw 0x12345678, %xmm0
  pmovzxbw 0x10(%esp), %xmm7
  pmovzxbd %xmm3, %xmm5
  pmovzxbd %xmm2, %xmm6
  pmovzxbd 0x12345678, %xmm0
  pmovzxbd 0x10(%esp), %xmm7
  pmovzxbq %xmm3, %xmm5
  pmovzxbq %xmm2, %xmm6
  pmovzxbq 0x12345678, %xmm0
  pmovzxbq 0x10(%esp), %xmm7
  pmovzxwd %xmm3, %xmm5
  pmovzxwd %xmm2, %xmm6
  pmovzxwd 0x12345678, %xmm0
  pmovzxwd 0x10(%esp), %xmm7
  pmovzxwq %xmm3, %xmm5
  pmovzxwq %xmm2, %xmm6
  pmovzxwq 0x12345678, %xmm0
  pmovzxwq 0x10(%esp), %xmm7
  pmovzxdq %xmm3, %xmm5
  pmovzxdq %xmm2, %xmm6
  pmovzxdq 0x12345678, %xmm0
  pmovzxdq 0x10(%esp), %xmm7
  pcmpgtq %xmm3, %xmm5
  pcmpgtq %xmm2, %xmm6
  pcmpgtq 0x12345678, %xmm0
  pcmpgtq 0x10(%esp), %xmm7
  blendps $0x7f, %xmm5, %xmm2
  blendps $3, 0x12345678, %xmm0
  blendps $1, %xmm7, %xmm3
  blendpd $0xff, %xmm2, %xmm6
  blendpd $0x4e, (%eax), %xmm1
  blendpd $0x1b, %xmm3, %xmm5
  pblendw $0x80, %xmm6, %xmm4
  pblendw $0, 0x10(%esp), %xmm7
  pblendw $0x7f, %xmm5, %xmm2
  dpps $3, %xmm4, %xmm0
  dpps $1, -8(%ebp), %xmm3
  dpps $0xff, %xmm2, %xmm6
  dppd $0x4e, %xmm0, %xmm1
  dppd $0x1b, (%ebx,%esi,4), %xmm5
  dppd $0x80, %xmm6, %xmm4
  insertps $0, %xmm1, %xmm7
  insertps $0x7f, 0x1234(%edi), %xmm2
  insertps $3, %xmm4, %xmm0
  roundps $1, %xmm7, %xmm3
  roundps $0xff, 0x80(%ecx,%edx,8), %xmm6
  roundps $0x4e, %xmm0, %xmm1
  roundpd $0x1b, %xmm3, %xmm5
  roundpd $0x80, (%edx), %xmm4
  roundpd $0, %xmm1, %xmm7
  roundss $0x7f, %xmm5, %xmm2
  roundss $3, 0x12345678, %xmm0
  roundss $1, %xmm7, %xmm3
  roundsd $0xff, %xmm2, %xmm6
  roundsd $0x4e, (%eax), %xmm1
  roundsd $0x1b, %xmm3, %xmm5
  mpsadbw $0x80, %xmm6, %xmm4
  mpsadbw $0, 0x10(%esp), %xmm7
  mpsadbw $0x7f, %xmm5, %xmm2
  pcmpestri $3, %xmm4, %xmm0
  pcmpestri $1, -8(%ebp), %xmm3
  pcmpestri $0xff, %xmm2, %xmm6
  pcmpestrm $0x4e, %xmm0, %xmm1
  pcmpestrm $0x1b, (%ebx,%esi,4), %xmm5
  pcmpestrm $0x80, %xmm6, %xmm4
  pcmpistri $0, %xmm1, %xmm7
  pcmpistri $0x7f, 0x1234(%edi), %xmm2
  pcmpistri $3, %xmm4, %xmm0
  pcmpistrm $1, %xmm7, %xmm3
  pcmpistrm $0xff, 0x80(%ecx,%edx,8), %xmm6
  pcmpistrm $0x4e, %xmm0, %xmm1
  blendvps %xmm0, %xmm7, %xmm3
  blendvps %xmm0, 0x1234(%edi), %xmm2
  blendvps %xmm6, %xmm4
  blendvps (%eax), %xmm1
  blendvpd %xmm0, %xmm7, %xmm3
  blendvpd %xmm0, 0x1234(%edi), %xmm2
  blendvpd %xmm6, %xmm4
  blendvpd (%eax), %xmm1
  pblendvb %xmm0, %xmm7, %xmm3
  pblendvb %xmm0, 0x1234(%edi), %xmm2
  pblendvb %xmm6, %xmm4
  pblendvb (%eax), %xmm1
  extractps $0x1b, %xmm3, %eax
  extractps $0x80, %xmm6, 0x12345678
  pextrb $0, %xmm1, %eax
  pextrb $0x7f, %xmm5, 0x80(%ecx,%edx,8)
  pextrd $3, %xmm4, %eax
  pextrd $1, %xmm7, (%ebx,%esi,4)
  pinsrb $0xff, %edi, %xmm6
  pinsrb $0x4e, (%eax), %xmm1
  pinsrd $0x1b, %edi, %xmm5
  pinsrd $0x80, (%edx), %xmm4
# SSE4.2, POPCNT, LZCNT/TZCNT, BMI1, MOVBE
  crc32b %al, %edi
  crc32b -8(%ebp), %ecx
  crc32w %ax, %ebp
  crc32w (%edx), %edi
  crc32l %eax, %ecx
  crc32l -8(%ebp), %ebp
  crc32 %al, %edi
  crc32 %dx, %ecx
  crc32 %edx, %ebp
  popcnt %esi, %edi
  popcnt 0x1234(%edi), %ecx
  popcnt %dx, %si
  popcntw (%eax), %cx
  popcntl -8(%ebp), %ecx
  lzcnt %edx, %ebp
  lzcnt (%edx), %edi
  lzcnt %ax, %cx
  lzcntw -8(%ebp), %si
  lzcntl 0x1234(%edi), %edi
  tzcnt %eax, %ecx
  tzcnt (%eax), %ebp
  tzcnt %dx, %si
  tzcntw 0x1234(%edi), %cx
  tzcntl (%edx), %ebp
  andn %esi, %edi, %eax
  andn (%ebx,%esi,4), %edx, %ebp
  bextr %esi, %edi, %eax
  bextr %ecx, -8(%ebp), %ebp
  blsi %esi, %edi
  blsi (%edx), %ecx
  blsmsk %edx, %ebp
  blsmsk -8(%ebp), %edi
  blsr %eax, %ecx
  blsr (%edx), %ebp
  blsrl (%eax), %edi
  movbe -8(%ebp), %ecx
  movbe %edx, 0x80(%ecx,%edx,8)
  movbe (%edx), %si
  movbe %ax, 0x10(%esp)
  movbel -8(%ebp), %ebp
# system and miscellaneous
  cmpxchg8b 0x1234(%edi)
  lock cmpxchg8b 0x80(%ecx,%edx,8)
  rdrand %eax
  rdrand %si
  rdseed %edx
  rdseed %cx
  rdpid %esi
  clflush (%ebx,%esi,4)
  clflushopt 0x1234(%edi)
  pause
  xgetbv
  lfence
  mfence
  sfence
  xsave 0x80(%ecx,%edx,8)
  xsave (%edx)
  xrstor 0x12345678
  xrstor (%eax)
  xsaveopt 0x10(%esp)
  xsaveopt -8(%ebp)
  fxsave (%ebx,%esi,4)
  fxsave 0x1234(%edi)
  fxrstor 0x80(%ecx,%edx,8)
  fxrstor (%edx)
  ldmxcsr 0x12345678
  ldmxcsr (%eax)
  stmxcsr 0x10(%esp)
  stmxcsr -8(%ebp)
  prefetchnta (%ebx,%esi,4)
  prefetchnta 0x1234(%edi)
  prefetcht0 0x80(%ecx,%edx,8)
  prefetcht0 (%edx)
  prefetcht1 0x12345678
  prefetcht1 (%eax)
  prefetcht2 0x10(%esp)
  prefetcht2 -8(%ebp)
  prefetchw (%ebx,%esi,4)
  prefetchw 0x1234(%edi)
  endbr64
  endbr32
  monitor
  mwait
  monitor %eax,%ecx,%edx
  mwait %eax,%ecx
  int1
  int3
  int $3
  int $0x80
  lar %cx, %edx
  lar 0x12345678, %esi
  lsl %cx, %eax
  lsl (%ebx,%esi,4), %edx
  lar %ebp, %esi
  lsl %edi, %eax
  lar %cx, %dx
  lsl (%ebx,%esi,4), %ax
  verr %cx
  verr (%edx)
  verw %si
  verw (%eax)
  smsw %ebp
  smsw %dx
  smsw (%ebx,%esi,4)
  sgdt 0x1234(%edi)
  sidt 0x80(%ecx,%edx,8)
  sldt %dx
  sldt %ebp
  sldt (%eax)
  str %cx
  str %eax
  str (%ebx,%esi,4)
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
  insb (%dx), %es:(%edi)
  outsl (%esi), (%dx)
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
  ljmp *0x1234(%edi)
  lcall *0x80(%ecx,%edx,8)
  ljmpl *(%edx)
  lcallw *0x12345678
  ljmp $0x33, $0x401000
  lcall $0x23, $0x1234
  ljmpw $0x10, $0x1234
  into
  bound %eax, (%ebx)
  bound %cx, 8(%esi)
  aaa
  aas
  daa
  das
  aam
  aad
  aam $8
  aad $16
# far jumps and calls to labels
  ljmp $0x23, $_start
  lcall $0x10, $far_target
far_target:
  lret
# AES-NI, PCLMULQDQ (and as's selector pseudo-ops), SHA, GFNI
  aesenc %xmm1, %xmm2
  aesenclast 0x10(%eax), %xmm6
  aesdec %xmm7, %xmm0
  aesdeclast (%esp), %xmm3
  aesimc 0x1234(%eax,%ebx,4), %xmm5
  aeskeygenassist $0x1b, %xmm1, %xmm2
  pclmulqdq $0x11, %xmm3, %xmm7
  pclmullqlqdq %xmm1, %xmm2
  pclmulhqhqdq (%edi), %xmm2
  sha1rnds4 $3, %xmm1, %xmm2
  sha1nexte 0x7f(%ebx), %xmm6
  sha1msg1 %xmm1, %xmm2
  sha1msg2 %xmm7, %xmm7
  sha256rnds2 %xmm0, %xmm1, %xmm2
  sha256rnds2 (%eax), %xmm6
  sha256msg1 %xmm4, %xmm5
  sha256msg2 -0x80(%esi,%edx,2), %xmm6
  gf2p8mulb %xmm1, %xmm2
  gf2p8affineqb $0x63, (%eax), %xmm2
  gf2p8affineinvqb $0, %xmm7, %xmm7
  pclmulhqlqdq %xmm1, %xmm2
  pclmulqdq $0x10, (%eax), %xmm2
# SSE4a (AMD)
  extrq $0x10, $0x8, %xmm1
  extrq %xmm2, %xmm7
  insertq $0x3, $0x3c, %xmm4, %xmm5
  insertq %xmm6, %xmm0
  movntss %xmm3, (%eax)
  movntsd %xmm7, 0x10(%esi,%ecx,8)
