# trapdoor assembler corpus, 32-bit: the x87 FPU in AT&T syntax (size suffixes, %st(i) forms, the fsub/fsubr swap).
# Assembled by trapdoor and by GNU as --32 (test/asm), disassembled by trapdoor and objdump (test/disasm).
# Not meant to run: the instructions only have to encode.
.code32
  .text
  .globl _start
_start:
  flds (%eax)
  flds 0x10(%esp)
  fldl -8(%ebp)
  fldl (%ebx,%esi,4)
  fldt 0x1234(%edi)
  fldt 0x80(%ecx,%edx,8)
  fld %st(1)
  fld %st(2)
  fsts (%eax)
  fsts 0x10(%esp)
  fstl -8(%ebp)
  fstl (%ebx,%esi,4)
  fst %st(1)
  fst %st(2)
  fstps (%edx)
  fstps 0x12345678
  fstpl (%eax)
  fstpl 0x10(%esp)
  fstpt -8(%ebp)
  fstpt (%ebx,%esi,4)
  fstp %st(7)
  fstp %st(3)
  fld %st
  fld %st(0)
  filds (%edx)
  fildl 0x12345678
  fildll (%eax)
  fildq 0x10(%esp)
  fistps -8(%ebp)
  fistpl (%ebx,%esi,4)
  fistpll 0x1234(%edi)
  fistpq 0x80(%ecx,%edx,8)
  fisttps (%edx)
  fisttpl 0x12345678
  fisttpll (%eax)
  fisttpq 0x10(%esp)
  fists -8(%ebp)
  fists (%ebx,%esi,4)
  fistl 0x1234(%edi)
  fistl 0x80(%ecx,%edx,8)
  fadds (%edx)
  faddl 0x12345678
  fiadds (%eax)
  fiaddl 0x10(%esp)
  fadd %st(1), %st
  fadd %st, %st(2)
  fadd %st(7)
  faddp %st, %st(3)
  faddp %st(0)
  faddp
  fadd %st(0), %st
  fadd %st, %st(1)
  fsubs 0x12345678
  fsubl (%eax)
  fisubs 0x10(%esp)
  fisubl -8(%ebp)
  fsub %st(3), %st
  fsub %st, %st(0)
  fsub %st(5)
  fsubp %st, %st(1)
  fsubp %st(2)
  fsubp
  fsub %st(0), %st
  fsub %st, %st(1)
  fsubrs (%eax)
  fsubrl 0x10(%esp)
  fisubrs -8(%ebp)
  fisubrl (%ebx,%esi,4)
  fsubr %st(1), %st
  fsubr %st, %st(2)
  fsubr %st(7)
  fsubrp %st, %st(3)
  fsubrp %st(0)
  fsubrp
  fsubr %st(0), %st
  fsubr %st, %st(1)
  fmuls 0x10(%esp)
  fmull -8(%ebp)
  fimuls (%ebx,%esi,4)
  fimull 0x1234(%edi)
  fmul %st(3), %st
  fmul %st, %st(0)
  fmul %st(5)
  fmulp %st, %st(1)
  fmulp %st(2)
  fmulp
  fmul %st(0), %st
  fmul %st, %st(1)
  fdivs -8(%ebp)
  fdivl (%ebx,%esi,4)
  fidivs 0x1234(%edi)
  fidivl 0x80(%ecx,%edx,8)
  fdiv %st(1), %st
  fdiv %st, %st(2)
  fdiv %st(7)
  fdivp %st, %st(3)
  fdivp %st(0)
  fdivp
  fdiv %st(0), %st
  fdiv %st, %st(1)
  fdivrs (%ebx,%esi,4)
  fdivrl 0x1234(%edi)
  fidivrs 0x80(%ecx,%edx,8)
  fidivrl (%edx)
  fdivr %st(3), %st
  fdivr %st, %st(0)
  fdivr %st(5)
  fdivrp %st, %st(1)
  fdivrp %st(2)
  fdivrp
  fdivr %st(0), %st
  fdivr %st, %st(1)
  fcoms 0x1234(%edi)
  fcoml 0x80(%ecx,%edx,8)
  fcom %st(0)
  fcom
  ficoms 0x12345678
  ficoml (%eax)
  fcomps 0x10(%esp)
  fcompl -8(%ebp)
  fcomp %st(3)
  fcomp
  ficomps 0x1234(%edi)
  ficompl 0x80(%ecx,%edx,8)
  fcompp
  fucompp
  fucom %st(1)
  fucom
  fucomp %st(2)
  fucomp
  fcomi %st(7), %st
  fcomi %st(3)
  fcomip %st(0), %st
  fcomip %st(5)
  fucomi %st(1), %st
  fucomi %st(2)
  fucomip %st(7), %st
  fucomip %st(3)
  fcmovb %st(0), %st
  fcmove %st(5), %st
  fcmovbe %st(1), %st
  fcmovu %st(2), %st
  fcmovnb %st(7), %st
  fcmovne %st(3), %st
  fcmovnbe %st(0), %st
  fcmovnu %st(5), %st
  fxch
  fxch %st(1)
  fxch %st(3)
  ffree %st(2)
  ffreep %st(7)
  ftst
  fxam
  fsqrt
  fscale
  fprem
  fprem1
  frndint
  fxtract
  fabs
  fchs
  fld1
  fldz
  fldpi
  fldl2e
  fldl2t
  fldlg2
  fldln2
  f2xm1
  fyl2x
  fyl2xp1
  fpatan
  fptan
  fsin
  fcos
  fsincos
  fincstp
  fdecstp
  fninit
  finit
  fnclex
  fclex
  fwait
  wait
  fnop
  fbld (%ebx,%esi,4)
  fbstp 0x1234(%edi)
  fbld 0x80(%ecx,%edx,8)
  fbstp (%edx)
  fnstsw %ax
  fstsw %ax
  fnstsw
  fstsw
  fnstsw 0x12345678
  fstsw (%eax)
  fnstcw 0x10(%esp)
  fnstcw -8(%ebp)
  fstcw (%ebx,%esi,4)
  fstcw 0x1234(%edi)
  fldcw 0x80(%ecx,%edx,8)
  fldcw (%edx)
  fnstenv 0x12345678
  fnstenv (%eax)
  fstenv 0x10(%esp)
  fstenv -8(%ebp)
  fldenv (%ebx,%esi,4)
  fldenv 0x1234(%edi)
  fnsave 0x80(%ecx,%edx,8)
  fnsave (%edx)
  fsave 0x12345678
  fsave (%eax)
  frstor 0x10(%esp)
  frstor -8(%ebp)
  fxsave (%ebx,%esi,4)
  fxsave 0x1234(%edi)
  fxrstor 0x80(%ecx,%edx,8)
  fxrstor (%edx)
# 16-bit environment and state forms
  fldenvs (%eax)
  fnstenvs 8(%ecx)
  fstenvs (%esp)
  frstors -0x10(%ebp)
  fnsaves (%esi)
  fsaves 0x100(%eax,%ecx,2)
  fldenvl (%edx)
