# trapdoor assembler corpus, 64-bit: the x87 FPU in AT&T syntax (size suffixes, %st(i) forms, the fsub/fsubr swap).
# Assembled by trapdoor and by GNU as --64 (test/asm), disassembled by trapdoor and objdump (test/disasm).
# Not meant to run: the instructions only have to encode.
.code64
  .text
  .globl _start
_start:
  flds (%rax)
  flds 0x10(%rsp)
  fldl -8(%rbp)
  fldl (%r8)
  fldt 0x7f(%r12)
  fldt (%r13)
  fld %st(1)
  fld %st(2)
  fsts 0x40(%rip)
  fsts -0x80(%rsi,%r10,2)
  fstl (%rdi)
  fstl 0x12345678(%r14)
  fst %st(1)
  fst %st(2)
  fstps -8(%rbp)
  fstps (%r8)
  fstpl 0x7f(%r12)
  fstpl (%r13)
  fstpt 0x1234(%rax,%rbx,4)
  fstpt (%r9,%r15,8)
  fstp %st(7)
  fstp %st(3)
  fld %st
  fld %st(0)
  filds (%rdi)
  fildl 0x12345678(%r14)
  fildll (%rax)
  fildq 0x10(%rsp)
  fistps -8(%rbp)
  fistpl (%r8)
  fistpll 0x7f(%r12)
  fistpq (%r13)
  fisttps 0x1234(%rax,%rbx,4)
  fisttpl (%r9,%r15,8)
  fisttpll 0x40(%rip)
  fisttpq -0x80(%rsi,%r10,2)
  fists (%rdi)
  fists 0x12345678(%r14)
  fistl (%rax)
  fistl 0x10(%rsp)
  fadds -8(%rbp)
  faddl (%r8)
  fiadds 0x7f(%r12)
  fiaddl (%r13)
  fadd %st(1), %st
  fadd %st, %st(2)
  fadd %st(7)
  faddp %st, %st(3)
  faddp %st(0)
  faddp
  fadd %st(0), %st
  fadd %st, %st(1)
  fsubs 0x12345678(%r14)
  fsubl (%rax)
  fisubs 0x10(%rsp)
  fisubl -8(%rbp)
  fsub %st(3), %st
  fsub %st, %st(0)
  fsub %st(5)
  fsubp %st, %st(1)
  fsubp %st(2)
  fsubp
  fsub %st(0), %st
  fsub %st, %st(1)
  fsubrs 0x40(%rip)
  fsubrl -0x80(%rsi,%r10,2)
  fisubrs (%rdi)
  fisubrl 0x12345678(%r14)
  fsubr %st(1), %st
  fsubr %st, %st(2)
  fsubr %st(7)
  fsubrp %st, %st(3)
  fsubrp %st(0)
  fsubrp
  fsubr %st(0), %st
  fsubr %st, %st(1)
  fmuls (%r13)
  fmull 0x1234(%rax,%rbx,4)
  fimuls (%r9,%r15,8)
  fimull 0x40(%rip)
  fmul %st(3), %st
  fmul %st, %st(0)
  fmul %st(5)
  fmulp %st, %st(1)
  fmulp %st(2)
  fmulp
  fmul %st(0), %st
  fmul %st, %st(1)
  fdivs -8(%rbp)
  fdivl (%r8)
  fidivs 0x7f(%r12)
  fidivl (%r13)
  fdiv %st(1), %st
  fdiv %st, %st(2)
  fdiv %st(7)
  fdivp %st, %st(3)
  fdivp %st(0)
  fdivp
  fdiv %st(0), %st
  fdiv %st, %st(1)
  fdivrs 0x12345678(%r14)
  fdivrl (%rax)
  fidivrs 0x10(%rsp)
  fidivrl -8(%rbp)
  fdivr %st(3), %st
  fdivr %st, %st(0)
  fdivr %st(5)
  fdivrp %st, %st(1)
  fdivrp %st(2)
  fdivrp
  fdivr %st(0), %st
  fdivr %st, %st(1)
  fcoms 0x40(%rip)
  fcoml -0x80(%rsi,%r10,2)
  fcom %st(0)
  fcom
  ficoms 0x12345678(%r14)
  ficoml (%rax)
  fcomps 0x10(%rsp)
  fcompl -8(%rbp)
  fcomp %st(3)
  fcomp
  ficomps 0x7f(%r12)
  ficompl (%r13)
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
  fbld (%r8)
  fbstp 0x7f(%r12)
  fbld (%r13)
  fbstp 0x1234(%rax,%rbx,4)
  fnstsw %ax
  fstsw %ax
  fnstsw
  fstsw
  fnstsw (%r9,%r15,8)
  fstsw 0x40(%rip)
  fnstcw -0x80(%rsi,%r10,2)
  fnstcw (%rdi)
  fstcw 0x12345678(%r14)
  fstcw (%rax)
  fldcw 0x10(%rsp)
  fldcw -8(%rbp)
  fnstenv (%r8)
  fnstenv 0x7f(%r12)
  fstenv (%r13)
  fstenv 0x1234(%rax,%rbx,4)
  fldenv (%r9,%r15,8)
  fldenv 0x40(%rip)
  fnsave -0x80(%rsi,%r10,2)
  fnsave (%rdi)
  fsave 0x12345678(%r14)
  fsave (%rax)
  frstor 0x10(%rsp)
  frstor -8(%rbp)
  fxsave (%r8)
  fxsave 0x7f(%r12)
  fxrstor (%r13)
  fxrstor 0x1234(%rax,%rbx,4)
  fxsave64 (%r9,%r15,8)
  fxrstor64 0x40(%rip)
# 16-bit environment and state forms, and the REX.W fxsave/fxrstor spellings
  fldenvs (%rax)
  fnstenvs 8(%r9)
  fstenvs (%rsp)
  frstors -0x10(%rbp)
  fnsaves (%r12)
  fsaves 0x100(%rax,%rcx,2)
  fldenvl (%rdx)
  fxsaveq (%rdi)
  fxrstorq 0x40(%r15)
