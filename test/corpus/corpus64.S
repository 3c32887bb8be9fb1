# trapdoor assembler corpus, 64-bit: every instruction class of issue 2 with varied operands.
# Assembled by trapdoor and by GNU as --64 (test/asm), disassembled by trapdoor and objdump (test/disasm).
# Not meant to run: the instructions only have to encode.
.code64
  .text
  .globl _start
_start:
far_start:
  mov %eax, %ebx
  mov %ecx, %esp
  mov %edx, %ebp
  mov %ebx, %esi
  mov %esp, %edi
  mov %ebp, %r8d
  mov %esi, %r9d
  mov %edi, %r12d
  mov %r8d, %r15d
  mov %r9d, %eax
  mov %r12d, %ecx
  mov %r15d, %edx
  mov %ax, %bp
  mov %cx, %si
  mov %dx, %di
  mov %bx, %r8w
  mov %sp, %r13w
  mov %bp, %ax
  mov %si, %cx
  mov %di, %dx
  mov %r8w, %bx
  mov %r13w, %sp
  mov %al, %cl
  mov %cl, %dl
  mov %dl, %bl
  mov %bl, %ah
  mov %ah, %ch
  mov %ch, %dh
  mov %dh, %bh
  mov %spl, %bpl
  mov %bpl, %sil
  mov %sil, %dil
  mov %dil, %r8b
  mov %r8b, %r15b
  mov %r15b, %al
  mov %rax, %rdi
  mov %rcx, %r8
  mov %rdx, %r9
  mov %rbx, %r10
  mov %rsp, %r11
  mov %rbp, %r12
  mov %rsi, %r13
  mov %rdi, %r14
  mov %r8, %r15
  mov %r9, %rax
  mov %r10, %rcx
  mov %r11, %rdx
  mov %r12, %rbx
  mov %r13, %rsp
  mov %r14, %rbp
  mov %r15, %rsi
  mov (%rax), %ecx
  mov %edx, (%rax)
  mov (%rsp), %ecx
  mov %edx, (%rsp)
  mov (%rbp), %ecx
  mov %edx, (%rbp)
  mov 8(%rbx), %ecx
  mov %edx, 8(%rbx)
  mov -8(%rbp), %ecx
  mov %edx, -8(%rbp)
  mov 0x100(%rsi), %ecx
  mov %edx, 0x100(%rsi)
  mov (%r12), %ecx
  mov %edx, (%r12)
  mov (%r13), %ecx
  mov %edx, (%r13)
  mov 16(%r8,%r9,4), %ecx
  mov %edx, 16(%r8,%r9,4)
  mov (%rax,%rbx), %ecx
  mov %edx, (%rax,%rbx)
  mov (%rax,%rcx,2), %ecx
  mov %edx, (%rax,%rcx,2)
  mov -0x80(%rdx,%rsi,8), %ecx
  mov %edx, -0x80(%rdx,%rsi,8)
  mov 0x7f(%rsp,%rbp,1), %ecx
  mov %edx, 0x7f(%rsp,%rbp,1)
  mov (,%rax,8), %ecx
  mov %edx, (,%rax,8)
  mov 0x10(,%rcx,4), %ecx
  mov %edx, 0x10(,%rcx,4)
  mov msg(%rip), %ecx
  mov %edx, msg(%rip)
  mov msg+4(%rip), %ecx
  mov %edx, msg+4(%rip)
  mov %fs:0x28, %ecx
  mov %edx, %fs:0x28
  mov %gs:(%rax), %ecx
  mov %edx, %gs:(%rax)
  mov 0x1234, %ecx
  mov %edx, 0x1234
  mov (%eax), %ecx
  mov %edx, (%eax)
  mov 4(%ebx,%ecx,2), %ecx
  mov %edx, 4(%ebx,%ecx,2)
  movb $0x12, (%rax)
  movw $0x1234, (%rax)
  movl $0x12345678, (%rax)
  mov (%rax), %al
  mov %bx, (%rax)
  movq $-1, (%rax)
  mov (%rax), %r10
  movb $0x12, (%rsp)
  movw $0x1234, (%rsp)
  movl $0x12345678, (%rsp)
  mov (%rsp), %al
  mov %bx, (%rsp)
  movq $-1, (%rsp)
  mov (%rsp), %r10
  movb $0x12, (%rbp)
  movw $0x1234, (%rbp)
  movl $0x12345678, (%rbp)
  mov (%rbp), %al
  mov %bx, (%rbp)
  movq $-1, (%rbp)
  mov (%rbp), %r10
  movb $0x12, 8(%rbx)
  movw $0x1234, 8(%rbx)
  movl $0x12345678, 8(%rbx)
  mov 8(%rbx), %al
  mov %bx, 8(%rbx)
  movq $-1, 8(%rbx)
  mov 8(%rbx), %r10
  movb $0x12, -8(%rbp)
  movw $0x1234, -8(%rbp)
  movl $0x12345678, -8(%rbp)
  mov -8(%rbp), %al
  mov %bx, -8(%rbp)
  movq $-1, -8(%rbp)
  mov -8(%rbp), %r10
  movb $0x12, 0x100(%rsi)
  movw $0x1234, 0x100(%rsi)
  movl $0x12345678, 0x100(%rsi)
  mov 0x100(%rsi), %al
  mov %bx, 0x100(%rsi)
  movq $-1, 0x100(%rsi)
  mov 0x100(%rsi), %r10
  movb $0x12, (%r12)
  movw $0x1234, (%r12)
  movl $0x12345678, (%r12)
  mov (%r12), %al
  mov %bx, (%r12)
  movq $-1, (%r12)
  mov (%r12), %r10
  movb $0x12, (%r13)
  movw $0x1234, (%r13)
  movl $0x12345678, (%r13)
  mov (%r13), %al
  mov %bx, (%r13)
  movq $-1, (%r13)
  mov (%r13), %r10
  mov $0, %eax
  mov $0, %bl
  mov $0, %rax
  mov $0, %r9
  mov $1, %eax
  mov $1, %bl
  mov $1, %rax
  mov $1, %r9
  mov $-1, %eax
  mov $-1, %bl
  mov $-1, %rax
  mov $-1, %r9
  mov $0x7f, %eax
  mov $0x7f, %bl
  mov $0x7f, %rax
  mov $0x7f, %r9
  mov $0x80, %eax
  mov $0x80, %bl
  mov $0x80, %rax
  mov $0x80, %r9
  mov $0x7fffffff, %eax
  mov $0x7fffffff, %rax
  mov $0x7fffffff, %r9
  mov $0xffffffff, %eax
  mov $0xffffffff, %rax
  mov $0xffffffff, %r9
  mov $-0x80000000, %eax
  mov $-0x80000000, %rax
  mov $-0x80000000, %r9
  mov $0x1234, %dx
  mov $-2, %si
  movabs $0x123456789abcdef0, %rax
  movabs $0x123456789abcdef0, %r11
  movabs $1, %rcx
  mov $0x100000000, %rdx
  movabs 0x1122334455667788, %al
  movabs %al, 0x1122334455667788
  movabs 0x1122334455667788, %ax
  movabs %ax, 0x1122334455667788
  movabs 0x1122334455667788, %eax
  movabs %eax, 0x1122334455667788
  movabs 0x1122334455667788, %rax
  movabs %rax, 0x1122334455667788
  mov $msg, %rsi
  mov $msg, %esi
  lea msg(%rip), %rdi
  mov msg(%rip), %rax
  mov %rax, msg(%rip)
  movzbw %al, %cx
  movzbw %bh, %cx
  movzbw (%rax), %cx
  movzbw 4(%rsi), %cx
  movzbl %al, %ecx
  movzbl %bh, %ecx
  movzbl (%rax), %ecx
  movzbl 4(%rsi), %ecx
  movsbw %al, %cx
  movsbw %bh, %cx
  movsbw (%rax), %cx
  movsbw 4(%rsi), %cx
  movsbl %al, %ecx
  movsbl %bh, %ecx
  movsbl (%rax), %ecx
  movsbl 4(%rsi), %ecx
  movzbq %al, %rcx
  movzbq (%rax), %rcx
  movzbq 4(%rsi), %rcx
  movsbq %al, %rcx
  movsbq (%rax), %rcx
  movsbq 4(%rsi), %rcx
  movzwl %ax, %edx
  movzwl %di, %edx
  movzwl (%rbx), %edx
  movswl %ax, %edx
  movswl %di, %edx
  movswl (%rbx), %edx
  movzwq %ax, %r8
  movzwq %di, %r8
  movzwq (%rbx), %r8
  movswq %ax, %r8
  movswq %di, %r8
  movswq (%rbx), %r8
  movslq %eax, %rbx
  movslq %r9d, %rbx
  movslq (%rax), %rbx
  movslq 8(%rsp), %rbx
  lea (%rax), %rax
  lea (%rsp), %rax
  lea (%rbp), %rax
  lea 8(%rbx), %rax
  lea -8(%rbp), %rax
  lea 0x100(%rsi), %rax
  lea (%r12), %rax
  lea (%r13), %rax
  lea 16(%r8,%r9,4), %rax
  lea (%rax,%rbx), %rax
  lea (%rax,%rcx,2), %rax
  lea -0x80(%rdx,%rsi,8), %rax
  lea 0x7f(%rsp,%rbp,1), %rax
  lea (,%rax,8), %rax
  lea 0x10(,%rcx,4), %rax
  lea msg(%rip), %rax
  lea msg+4(%rip), %rax
  lea (%eax), %rax
  lea 4(%ebx,%ecx,2), %rax
  lea 4(%rax), %ecx
  push %rax
  pop %rax
  push %rcx
  pop %rcx
  push %rdx
  pop %rdx
  push %rbx
  pop %rbx
  push %rsp
  pop %rsp
  push %rbp
  pop %rbp
  push %rsi
  pop %rsi
  push %rdi
  pop %rdi
  push %r8
  pop %r8
  push %r9
  pop %r9
  push %r10
  pop %r10
  push %r11
  pop %r11
  push %r12
  pop %r12
  push %r13
  pop %r13
  push %r14
  pop %r14
  push %r15
  pop %r15
  push %ax
  pop %bx
  push $1
  push $-1
  push $0x7f
  push $0x80
  push $0x12345678
  push $msg
  pushw $0x1234
  pushq (%rax)
  popq (%rax)
  pushq (%rsp)
  popq (%rsp)
  pushq (%rbp)
  popq (%rbp)
  pushq 8(%rbx)
  popq 8(%rbx)
  pushq -8(%rbp)
  popq -8(%rbp)
  pushq 0x100(%rsi)
  popq 0x100(%rsi)
  push %fs
  pop %fs
  push %gs
  pop %gs
  xchg %eax, %ebx
  xchg %ebx, %eax
  xchg %ecx, %edx
  xchg %ax, %bx
  xchg %al, %cl
  xchg %eax, %eax
  xchg %eax, (%rax)
  xchg 8(%rbx), %ecx
  xchgb %dl, (%r12)
  xchg %rax, %r8
  xchg %r9, %rax
  xchg %rcx, %rdx
  cmpxchg %ebx, %ecx
  cmpxchg %ecx, (%rax)
  lock cmpxchg %edx, 8(%rbx)
  cmpxchgb %al, (%r12)
  cmpxchgw %si, %di
  lock cmpxchg %r10, (%rdi)
  xadd %ebx, %ecx
  xadd %ecx, (%rax)
  lock xadd %edx, 8(%rbx)
  xaddb %al, (%r12)
  xaddw %si, %di
  lock xadd %r10, (%rdi)
  bswap %eax
  bswap %ecx
  bswap %edx
  bswap %ebx
  bswap %esp
  bswap %ebp
  bswap %esi
  bswap %edi
  bswap %r8d
  bswap %r9d
  bswap %r12d
  bswap %r15d
  bswap %rax
  bswap %r12
  cbtw
  cwtl
  cwtd
  cltd
  cltq
  cqto
  cmovo %eax, %ecx
  seto %al
  jo far_end
  cmovno %ecx, %edx
  setno %cl
  jno far_end
  cmovb %edx, %ebx
  setb %dl
  jb far_end
  cmovc %ebx, %esp
  setc %bl
  jc far_end
  cmovnae %esp, %ebp
  setnae %ah
  jnae far_end
  cmovae %ebp, %esi
  setae %ch
  jae far_end
  cmovnb %esi, %edi
  setnb %dh
  jnb far_end
  cmovnc %edi, %eax
  setnc %bh
  jnc far_end
  cmove %eax, %ecx
  sete %al
  je far_end
  cmovz %ecx, %edx
  setz %cl
  jz far_end
  cmovne %edx, %ebx
  setne %dl
  jne far_end
  cmovnz %ebx, %esp
  setnz %bl
  jnz far_end
  cmovbe %esp, %ebp
  setbe %ah
  jbe far_end
  cmovna %ebp, %esi
  setna %ch
  jna far_end
  cmova %esi, %edi
  seta %dh
  ja far_end
  cmovnbe %edi, %eax
  setnbe %bh
  jnbe far_end
  cmovs %eax, %ecx
  sets %al
  js far_end
  cmovns %ecx, %edx
  setns %cl
  jns far_end
  cmovp %edx, %ebx
  setp %dl
  jp far_end
  cmovpe %ebx, %esp
  setpe %bl
  jpe far_end
  cmovnp %esp, %ebp
  setnp %ah
  jnp far_end
  cmovpo %ebp, %esi
  setpo %ch
  jpo far_end
  cmovl %esi, %edi
  setl %dh
  jl far_end
  cmovnge %edi, %eax
  setnge %bh
  jnge far_end
  cmovge %eax, %ecx
  setge %al
  jge far_end
  cmovnl %ecx, %edx
  setnl %cl
  jnl far_end
  cmovle %edx, %ebx
  setle %dl
  jle far_end
  cmovng %ebx, %esp
  setng %bl
  jng far_end
  cmovg %esp, %ebp
  setg %ah
  jg far_end
  cmovnle %ebp, %esi
  setnle %ch
  jnle far_end
  cmovew %ax, %bx
  cmovel 8(%rbx), %ecx
  sete (%rbp)
  cmoveq %r8, %r9
  cmove (%rax), %rdx
  cmovnew %ax, %bx
  cmovnel 8(%rbx), %ecx
  setne (%rbp)
  cmovneq %r8, %r9
  cmovne (%rax), %rdx
  cmovlw %ax, %bx
  cmovll 8(%rbx), %ecx
  setl (%rbp)
  cmovlq %r8, %r9
  cmovl (%rax), %rdx
  cmovgw %ax, %bx
  cmovgl 8(%rbx), %ecx
  setg (%rbp)
  cmovgq %r8, %r9
  cmovg (%rax), %rdx
  add %ecx, %edx
  add %bl, %dh
  add %si, %di
  add $1, %ebx
  add $-128, %ecx
  add $0x1000, %edx
  add $0x1000, %eax
  add $1, %eax
  add $0x12, %al
  add $0x12, %bl
  add $0x1234, %ax
  add $0x12, %cx
  add 8(%rbx), %eax
  add %eax, -8(%rbp)
  addl $5, (%r12)
  addb $5, (%rsp)
  addw $500, (%rbp)
  addl $0xffffffff, %ebx
  add %rax, %r15
  add $1, %rax
  add $0x1000, %rax
  add $-1, %r9
  addq $0x12345, (%rdi)
  add msg(%rip), %r8
  adc %ecx, %edx
  adc %bl, %dh
  adc %si, %di
  adc $1, %ebx
  adc $-128, %ecx
  adc $0x1000, %edx
  adc $0x1000, %eax
  adc $1, %eax
  adc $0x12, %al
  adc $0x12, %bl
  adc $0x1234, %ax
  adc $0x12, %cx
  adc 8(%rbx), %eax
  adc %eax, -8(%rbp)
  adcl $5, (%r12)
  adcb $5, (%rsp)
  adcw $500, (%rbp)
  adcl $0xffffffff, %ebx
  adc %rax, %r15
  adc $1, %rax
  adc $0x1000, %rax
  adc $-1, %r9
  adcq $0x12345, (%rdi)
  adc msg(%rip), %r8
  sub %ecx, %edx
  sub %bl, %dh
  sub %si, %di
  sub $1, %ebx
  sub $-128, %ecx
  sub $0x1000, %edx
  sub $0x1000, %eax
  sub $1, %eax
  sub $0x12, %al
  sub $0x12, %bl
  sub $0x1234, %ax
  sub $0x12, %cx
  sub 8(%rbx), %eax
  sub %eax, -8(%rbp)
  subl $5, (%r12)
  subb $5, (%rsp)
  subw $500, (%rbp)
  subl $0xffffffff, %ebx
  sub %rax, %r15
  sub $1, %rax
  sub $0x1000, %rax
  sub $-1, %r9
  subq $0x12345, (%rdi)
  sub msg(%rip), %r8
  sbb %ecx, %edx
  sbb %bl, %dh
  sbb %si, %di
  sbb $1, %ebx
  sbb $-128, %ecx
  sbb $0x1000, %edx
  sbb $0x1000, %eax
  sbb $1, %eax
  sbb $0x12, %al
  sbb $0x12, %bl
  sbb $0x1234, %ax
  sbb $0x12, %cx
  sbb 8(%rbx), %eax
  sbb %eax, -8(%rbp)
  sbbl $5, (%r12)
  sbbb $5, (%rsp)
  sbbw $500, (%rbp)
  sbbl $0xffffffff, %ebx
  sbb %rax, %r15
  sbb $1, %rax
  sbb $0x1000, %rax
  sbb $-1, %r9
  sbbq $0x12345, (%rdi)
  sbb msg(%rip), %r8
  and %ecx, %edx
  and %bl, %dh
  and %si, %di
  and $1, %ebx
  and $-128, %ecx
  and $0x1000, %edx
  and $0x1000, %eax
  and $1, %eax
  and $0x12, %al
  and $0x12, %bl
  and $0x1234, %ax
  and $0x12, %cx
  and 8(%rbx), %eax
  and %eax, -8(%rbp)
  andl $5, (%r12)
  andb $5, (%rsp)
  andw $500, (%rbp)
  andl $0xffffffff, %ebx
  and %rax, %r15
  and $1, %rax
  and $0x1000, %rax
  and $-1, %r9
  andq $0x12345, (%rdi)
  and msg(%rip), %r8
  or %ecx, %edx
  or %bl, %dh
  or %si, %di
  or $1, %ebx
  or $-128, %ecx
  or $0x1000, %edx
  or $0x1000, %eax
  or $1, %eax
  or $0x12, %al
  or $0x12, %bl
  or $0x1234, %ax
  or $0x12, %cx
  or 8(%rbx), %eax
  or %eax, -8(%rbp)
  orl $5, (%r12)
  orb $5, (%rsp)
  orw $500, (%rbp)
  orl $0xffffffff, %ebx
  or %rax, %r15
  or $1, %rax
  or $0x1000, %rax
  or $-1, %r9
  orq $0x12345, (%rdi)
  or msg(%rip), %r8
  xor %ecx, %edx
  xor %bl, %dh
  xor %si, %di
  xor $1, %ebx
  xor $-128, %ecx
  xor $0x1000, %edx
  xor $0x1000, %eax
  xor $1, %eax
  xor $0x12, %al
  xor $0x12, %bl
  xor $0x1234, %ax
  xor $0x12, %cx
  xor 8(%rbx), %eax
  xor %eax, -8(%rbp)
  xorl $5, (%r12)
  xorb $5, (%rsp)
  xorw $500, (%rbp)
  xorl $0xffffffff, %ebx
  xor %rax, %r15
  xor $1, %rax
  xor $0x1000, %rax
  xor $-1, %r9
  xorq $0x12345, (%rdi)
  xor msg(%rip), %r8
  cmp %ecx, %edx
  cmp %bl, %dh
  cmp %si, %di
  cmp $1, %ebx
  cmp $-128, %ecx
  cmp $0x1000, %edx
  cmp $0x1000, %eax
  cmp $1, %eax
  cmp $0x12, %al
  cmp $0x12, %bl
  cmp $0x1234, %ax
  cmp $0x12, %cx
  cmp 8(%rbx), %eax
  cmp %eax, -8(%rbp)
  cmpl $5, (%r12)
  cmpb $5, (%rsp)
  cmpw $500, (%rbp)
  cmpl $0xffffffff, %ebx
  cmp %rax, %r15
  cmp $1, %rax
  cmp $0x1000, %rax
  cmp $-1, %r9
  cmpq $0x12345, (%rdi)
  cmp msg(%rip), %r8
  lock addl $1, (%rax)
  lock orb $1, 8(%rbx)
  test %eax, %ebx
  test %ebx, %eax
  test %al, %ah
  test %cx, %dx
  test $1, %al
  test $1, %eax
  test $0x1000, %eax
  test $1, %ebx
  test $0x80, %cl
  test $0x1234, %ax
  test %ecx, (%rax)
  test 8(%rbx), %edx
  testl $7, (%rsp)
  test %rax, %rax
  test $1, %r10
  testq $-1, (%rax)
  inc %ecx
  inc %dl
  inc %si
  incl (%rax)
  incb 8(%rbx)
  incw -8(%rbp)
  inc %r11
  incq 0x100(%rsi)
  dec %ecx
  dec %dl
  dec %si
  decl (%rax)
  decb 8(%rbx)
  decw -8(%rbp)
  dec %r11
  decq 0x100(%rsi)
  neg %ecx
  neg %dl
  neg %si
  negl (%rax)
  negb 8(%rbx)
  negw -8(%rbp)
  neg %r11
  negq 0x100(%rsi)
  not %ecx
  not %dl
  not %si
  notl (%rax)
  notb 8(%rbx)
  notw -8(%rbp)
  not %r11
  notq 0x100(%rsi)
  mul %ecx
  mul %dl
  mul %si
  mull (%rax)
  mulb 8(%rbx)
  mulw -8(%rbp)
  mul %r11
  mulq 0x100(%rsi)
  imul %ecx
  imul %dl
  imul %si
  imull (%rax)
  imulb 8(%rbx)
  imulw -8(%rbp)
  imul %r11
  imulq 0x100(%rsi)
  div %ecx
  div %dl
  div %si
  divl (%rax)
  divb 8(%rbx)
  divw -8(%rbp)
  div %r11
  divq 0x100(%rsi)
  idiv %ecx
  idiv %dl
  idiv %si
  idivl (%rax)
  idivb 8(%rbx)
  idivw -8(%rbp)
  idiv %r11
  idivq 0x100(%rsi)
  imul %ebx, %ecx
  imul 8(%rbx), %edx
  imul %ax, %bx
  imul $3, %eax
  imul $300, %ebx
  imul $3, %ebx, %ecx
  imul $-5, (%rax), %esi
  imul $1000, (%r12), %edi
  imul $0x12, %cx, %dx
  imul %r8, %r9
  imul $7, %rax, %rdx
  imul $0x10000, (%rax), %r12
  shl %eax
  shl $1, %ebx
  shl $3, %ecx
  shl %cl, %edx
  shlb %al
  shlw $4, %si
  shll (%rax)
  shlb $2, 8(%rbx)
  shll %cl, -8(%rbp)
  shl $5, %r10
  shlq %cl, (%rsi)
  sal %eax
  sal $1, %ebx
  sal $3, %ecx
  sal %cl, %edx
  salb %al
  salw $4, %si
  sall (%rax)
  salb $2, 8(%rbx)
  sall %cl, -8(%rbp)
  sal $5, %r10
  salq %cl, (%rsi)
  shr %eax
  shr $1, %ebx
  shr $3, %ecx
  shr %cl, %edx
  shrb %al
  shrw $4, %si
  shrl (%rax)
  shrb $2, 8(%rbx)
  shrl %cl, -8(%rbp)
  shr $5, %r10
  shrq %cl, (%rsi)
  sar %eax
  sar $1, %ebx
  sar $3, %ecx
  sar %cl, %edx
  sarb %al
  sarw $4, %si
  sarl (%rax)
  sarb $2, 8(%rbx)
  sarl %cl, -8(%rbp)
  sar $5, %r10
  sarq %cl, (%rsi)
  rol %eax
  rol $1, %ebx
  rol $3, %ecx
  rol %cl, %edx
  rolb %al
  rolw $4, %si
  roll (%rax)
  rolb $2, 8(%rbx)
  roll %cl, -8(%rbp)
  rol $5, %r10
  rolq %cl, (%rsi)
  ror %eax
  ror $1, %ebx
  ror $3, %ecx
  ror %cl, %edx
  rorb %al
  rorw $4, %si
  rorl (%rax)
  rorb $2, 8(%rbx)
  rorl %cl, -8(%rbp)
  ror $5, %r10
  rorq %cl, (%rsi)
  rcl %eax
  rcl $1, %ebx
  rcl $3, %ecx
  rcl %cl, %edx
  rclb %al
  rclw $4, %si
  rcll (%rax)
  rclb $2, 8(%rbx)
  rcll %cl, -8(%rbp)
  rcl $5, %r10
  rclq %cl, (%rsi)
  rcr %eax
  rcr $1, %ebx
  rcr $3, %ecx
  rcr %cl, %edx
  rcrb %al
  rcrw $4, %si
  rcrl (%rax)
  rcrb $2, 8(%rbx)
  rcrl %cl, -8(%rbp)
  rcr $5, %r10
  rcrq %cl, (%rsi)
  shld $4, %ebx, %eax
  shld %cl, %ebx, %eax
  shld %edx, %ecx
  shld $1, %ax, %bx
  shld $7, %esi, (%rax)
  shld %cl, %edi, 8(%rbx)
  shld $9, %r8, %r9
  shrd $4, %ebx, %eax
  shrd %cl, %ebx, %eax
  shrd %edx, %ecx
  shrd $1, %ax, %bx
  shrd $7, %esi, (%rax)
  shrd %cl, %edi, 8(%rbx)
  shrd $9, %r8, %r9
  bt %ecx, %edx
  bt $3, %eax
  bt %ax, %bx
  bt %esi, (%rax)
  btl $31, 8(%rbx)
  btw $5, -8(%rbp)
  bt $63, %rax
  bt %r8, (%rdi)
  bts %ecx, %edx
  bts $3, %eax
  bts %ax, %bx
  bts %esi, (%rax)
  btsl $31, 8(%rbx)
  btsw $5, -8(%rbp)
  bts $63, %rax
  bts %r8, (%rdi)
  btr %ecx, %edx
  btr $3, %eax
  btr %ax, %bx
  btr %esi, (%rax)
  btrl $31, 8(%rbx)
  btrw $5, -8(%rbp)
  btr $63, %rax
  btr %r8, (%rdi)
  btc %ecx, %edx
  btc $3, %eax
  btc %ax, %bx
  btc %esi, (%rax)
  btcl $31, 8(%rbx)
  btcw $5, -8(%rbp)
  btc $63, %rax
  btc %r8, (%rdi)
  bsf %ecx, %edx
  bsf 8(%rbx), %eax
  bsf %ax, %di
  bsf %r8, %r9
  bsr %ecx, %edx
  bsr 8(%rbx), %eax
  bsr %ax, %di
  bsr %r8, %r9
near_label:
  jmp near_label
  jmp 1f
1: jmp 1b
  je 2f
  jne near_label
2:
  jmp far_start
  jmp far_end
  jz far_start
  call far_start
  call 3f
3:
  call func
  jmp func
  jmp *%rax
  call *%rax
  jmp *%r11
  call *%r11
  jmp *(%rax)
  call *(%rax)
  jmp *8(%rsp)
  call *8(%rsp)
  jmp *msg(%rip)
  call *msg(%rip)
  jmp *(%rax,%rbx,8)
  call *(%rax,%rbx,8)
  jmpq *(%rdi)
  callq *%rdx
4: loop 4b
  loope 4b
  loopne 4b
  loopz 4b
  loopnz 4b
  jrcxz 4b
  jecxz 4b
  ret
  ret $8
  ret $0x1000
  retq
  leave
  leaveq
  enter $16, $0
  enter $0x100, $3
  movsb
  movsw
  movsl
  movsq
  rep movsb
  rep movsl
  stosb
  stosw
  stosl
  stosq
  rep stosb
  rep stosl
  lodsb
  lodsw
  lodsl
  lodsq
  rep lodsb
  rep lodsl
  cmpsb
  cmpsw
  cmpsl
  cmpsq
  repe cmpsb
  repne cmpsl
  repz cmpsw
  repnz cmpsb
  scasb
  scasw
  scasl
  scasq
  repe scasb
  repne scasl
  repz scasw
  repnz scasb
  rep stosq
  rep movsq
  cld
  std
  clc
  stc
  cmc
  cli
  sti
  pushf
  popf
  lahf
  sahf
  pushfq
  popfq
  pushfw
  popfw
  nop
  pause
  hlt
  ud2
  int3
  int $0x80
  int $3
  int $0xff
  syscall
  sysenter
  sysexit
  rdmsr
  wrmsr
  rdtsc
  rdtscp
  cpuid
  lfence
  mfence
  sfence
  iret
  iretw
  iretl
  sysret
  sysretl
  iretq
  sysretq
  sysexitq
  sysexitl
  swapgs
  nopw 0x0(%rax,%rax,1)
  nopl (%rax)
  nopl 0x0(%rax)
  nopw %ax
  nopl %ecx
  mov %cr0, %rax
  mov %rax, %cr0
  mov %cr3, %rax
  mov %rax, %cr3
  mov %cr4, %rax
  mov %rax, %cr4
  mov %cr2, %rax
  mov %rax, %cr2
  mov %cr3, %r12
  mov %r15, %cr4
  mov %cr8, %rax
  lgdt (%rax)
  lidt (%rax)
  ltr (%rax)
  sgdt (%rax)
  sidt (%rax)
  lgdt (%rsp)
  lidt (%rsp)
  ltr (%rsp)
  sgdt (%rsp)
  sidt (%rsp)
  lgdt (%rbp)
  lidt (%rbp)
  ltr (%rbp)
  sgdt (%rbp)
  sidt (%rbp)
  ltr %ax
  ltr %cx
  lldt %dx
  str %ax
  mov %ds, %eax
  mov %ecx, %ds
  mov %ds, %dx
  mov %bx, %ds
  mov %ds, (%rax)
  mov 8(%rbx), %ds
  movw %ds, -8(%rbp)
  mov %es, %eax
  mov %ecx, %es
  mov %es, %dx
  mov %bx, %es
  mov %es, (%rax)
  mov 8(%rbx), %es
  movw %es, -8(%rbp)
  mov %ss, %eax
  mov %ecx, %ss
  mov %ss, %dx
  mov %bx, %ss
  mov %ss, (%rax)
  mov 8(%rbx), %ss
  movw %ss, -8(%rbp)
  mov %fs, %eax
  mov %ecx, %fs
  mov %fs, %dx
  mov %bx, %fs
  mov %fs, (%rax)
  mov 8(%rbx), %fs
  movw %fs, -8(%rbp)
  mov %gs, %eax
  mov %ecx, %gs
  mov %gs, %dx
  mov %bx, %gs
  mov %gs, (%rax)
  mov 8(%rbx), %gs
  movw %gs, -8(%rbp)
  mov %fs, %rax
  mov %rax, %gs
  movq %r8, %fs
  mov %cs, %eax
  .p2align 4
  nop
  .balign 8
func:
  ret
far_end:
  hlt
  # hint NOPs, 0F 0D prefetches, clwb, xlat, far pointer loads, ud0/ud1 (issue 9)
  rdsspq %rax
  rdsspd %ecx
  cldemote (%rbx)
  prefetch (%rax)
  prefetchw 8(%rax)
  clwb 64(%rdi)
  xlat
  xlat (%ebx)
  xlat %fs:(%rbx)
  lfs (%rbx), %eax
  lgs 4(%rcx), %edx
  lss (%rsi), %esp
  ud0 %eax, %ecx
  ud1 (%rax), %edx
  .data
msg: .ascii "corpus"
  .long 0
