# trapdoor assembler corpus, 32-bit: every instruction class of issue 2 with varied operands.
# Assembled by trapdoor and by GNU as --32 (test/asm), disassembled by trapdoor and objdump (test/disasm).
# Not meant to run: the instructions only have to encode.
.code32
  .text
  .globl _start
_start:
far_start:
  mov %eax, %ebx
  mov %ecx, %esp
  mov %edx, %ebp
  mov %ebx, %esi
  mov %esp, %edi
  mov %ebp, %eax
  mov %esi, %ecx
  mov %edi, %edx
  mov %ax, %bp
  mov %cx, %si
  mov %dx, %di
  mov %bx, %ax
  mov %sp, %cx
  mov %bp, %dx
  mov %si, %bx
  mov %di, %sp
  mov %al, %cl
  mov %cl, %dl
  mov %dl, %bl
  mov %bl, %ah
  mov %ah, %ch
  mov %ch, %dh
  mov %dh, %bh
  mov %bh, %al
  mov (%eax), %ecx
  mov %edx, (%eax)
  mov (%esp), %ecx
  mov %edx, (%esp)
  mov (%ebp), %ecx
  mov %edx, (%ebp)
  mov 8(%ebx), %ecx
  mov %edx, 8(%ebx)
  mov -8(%ebp), %ecx
  mov %edx, -8(%ebp)
  mov 0x100(%esi), %ecx
  mov %edx, 0x100(%esi)
  mov 16(%eax,%ecx,4), %ecx
  mov %edx, 16(%eax,%ecx,4)
  mov (%eax,%ebx), %ecx
  mov %edx, (%eax,%ebx)
  mov (%eax,%ecx,2), %ecx
  mov %edx, (%eax,%ecx,2)
  mov -0x80(%edx,%esi,8), %ecx
  mov %edx, -0x80(%edx,%esi,8)
  mov 0x7f(%esp,%ebp,1), %ecx
  mov %edx, 0x7f(%esp,%ebp,1)
  mov (,%eax,8), %ecx
  mov %edx, (,%eax,8)
  mov 0x10(,%ecx,4), %ecx
  mov %edx, 0x10(,%ecx,4)
  mov msg, %ecx
  mov %edx, msg
  mov msg+4(%ebx), %ecx
  mov %edx, msg+4(%ebx)
  mov %fs:0x28, %ecx
  mov %edx, %fs:0x28
  mov %gs:(%eax), %ecx
  mov %edx, %gs:(%eax)
  mov 0x1234, %ecx
  mov %edx, 0x1234
  mov %es:4(%edi), %ecx
  mov %edx, %es:4(%edi)
  movb $0x12, (%eax)
  movw $0x1234, (%eax)
  movl $0x12345678, (%eax)
  mov (%eax), %al
  mov %bx, (%eax)
  movb $0x12, (%esp)
  movw $0x1234, (%esp)
  movl $0x12345678, (%esp)
  mov (%esp), %al
  mov %bx, (%esp)
  movb $0x12, (%ebp)
  movw $0x1234, (%ebp)
  movl $0x12345678, (%ebp)
  mov (%ebp), %al
  mov %bx, (%ebp)
  movb $0x12, 8(%ebx)
  movw $0x1234, 8(%ebx)
  movl $0x12345678, 8(%ebx)
  mov 8(%ebx), %al
  mov %bx, 8(%ebx)
  movb $0x12, -8(%ebp)
  movw $0x1234, -8(%ebp)
  movl $0x12345678, -8(%ebp)
  mov -8(%ebp), %al
  mov %bx, -8(%ebp)
  movb $0x12, 0x100(%esi)
  movw $0x1234, 0x100(%esi)
  movl $0x12345678, 0x100(%esi)
  mov 0x100(%esi), %al
  mov %bx, 0x100(%esi)
  movb $0x12, 16(%eax,%ecx,4)
  movw $0x1234, 16(%eax,%ecx,4)
  movl $0x12345678, 16(%eax,%ecx,4)
  mov 16(%eax,%ecx,4), %al
  mov %bx, 16(%eax,%ecx,4)
  movb $0x12, (%eax,%ebx)
  movw $0x1234, (%eax,%ebx)
  movl $0x12345678, (%eax,%ebx)
  mov (%eax,%ebx), %al
  mov %bx, (%eax,%ebx)
  mov $0, %eax
  mov $0, %bl
  mov $1, %eax
  mov $1, %bl
  mov $-1, %eax
  mov $-1, %bl
  mov $0x7f, %eax
  mov $0x7f, %bl
  mov $0x80, %eax
  mov $0x80, %bl
  mov $0x7fffffff, %eax
  mov $0xffffffff, %eax
  mov $-0x80000000, %eax
  mov $0x1234, %dx
  mov $-2, %si
  mov 0x1234, %al
  mov %al, 0x1234
  mov msg, %al
  mov 0x1234, %ax
  mov %ax, 0x1234
  mov msg, %ax
  mov 0x1234, %eax
  mov %eax, 0x1234
  mov msg, %eax
  mov $msg, %esi
  lea msg, %edi
  movzbw %al, %cx
  movzbw %bh, %cx
  movzbw (%eax), %cx
  movzbw 4(%esi), %cx
  movzbl %al, %ecx
  movzbl %bh, %ecx
  movzbl (%eax), %ecx
  movzbl 4(%esi), %ecx
  movsbw %al, %cx
  movsbw %bh, %cx
  movsbw (%eax), %cx
  movsbw 4(%esi), %cx
  movsbl %al, %ecx
  movsbl %bh, %ecx
  movsbl (%eax), %ecx
  movsbl 4(%esi), %ecx
  movzwl %ax, %edx
  movzwl %di, %edx
  movzwl (%ebx), %edx
  movswl %ax, %edx
  movswl %di, %edx
  movswl (%ebx), %edx
  lea (%eax), %eax
  lea (%esp), %eax
  lea (%ebp), %eax
  lea 8(%ebx), %eax
  lea -8(%ebp), %eax
  lea 0x100(%esi), %eax
  lea 16(%eax,%ecx,4), %eax
  lea (%eax,%ebx), %eax
  lea (%eax,%ecx,2), %eax
  lea -0x80(%edx,%esi,8), %eax
  lea 0x7f(%esp,%ebp,1), %eax
  lea (,%eax,8), %eax
  lea 0x10(,%ecx,4), %eax
  lea msg, %eax
  lea msg+4(%ebx), %eax
  lea 4(%eax), %cx
  push %eax
  pop %eax
  push %ecx
  pop %ecx
  push %edx
  pop %edx
  push %ebx
  pop %ebx
  push %esp
  pop %esp
  push %ebp
  pop %ebp
  push %esi
  pop %esi
  push %edi
  pop %edi
  push %ax
  pop %bx
  push $1
  push $-1
  push $0x7f
  push $0x80
  push $0x12345678
  push $msg
  pushw $0x1234
  pushl (%eax)
  popl (%eax)
  pushl (%esp)
  popl (%esp)
  pushl (%ebp)
  popl (%ebp)
  pushl 8(%ebx)
  popl 8(%ebx)
  pushl -8(%ebp)
  popl -8(%ebp)
  pushl 0x100(%esi)
  popl 0x100(%esi)
  push %es
  push %cs
  push %ss
  push %ds
  push %fs
  push %gs
  pop %es
  pop %ss
  pop %ds
  pop %fs
  pop %gs
  pusha
  popa
  pushal
  popal
  xchg %eax, %ebx
  xchg %ebx, %eax
  xchg %ecx, %edx
  xchg %ax, %bx
  xchg %al, %cl
  xchg %eax, %eax
  xchg %eax, (%eax)
  xchg 8(%ebx), %ecx
  xchgb %dl, 16(%eax,%ecx,4)
  cmpxchg %ebx, %ecx
  cmpxchg %ecx, (%eax)
  lock cmpxchg %edx, 8(%ebx)
  cmpxchgb %al, 16(%eax,%ecx,4)
  cmpxchgw %si, %di
  xadd %ebx, %ecx
  xadd %ecx, (%eax)
  lock xadd %edx, 8(%ebx)
  xaddb %al, 16(%eax,%ecx,4)
  xaddw %si, %di
  bswap %eax
  bswap %ecx
  bswap %edx
  bswap %ebx
  bswap %esp
  bswap %ebp
  bswap %esi
  bswap %edi
  cbtw
  cwtl
  cwtd
  cltd
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
  cmovel 8(%ebx), %ecx
  sete (%ebp)
  cmovnew %ax, %bx
  cmovnel 8(%ebx), %ecx
  setne (%ebp)
  cmovlw %ax, %bx
  cmovll 8(%ebx), %ecx
  setl (%ebp)
  cmovgw %ax, %bx
  cmovgl 8(%ebx), %ecx
  setg (%ebp)
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
  add 8(%ebx), %eax
  add %eax, -8(%ebp)
  addl $5, 16(%eax,%ecx,4)
  addb $5, (%esp)
  addw $500, (%ebp)
  addl $0xffffffff, %ebx
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
  adc 8(%ebx), %eax
  adc %eax, -8(%ebp)
  adcl $5, 16(%eax,%ecx,4)
  adcb $5, (%esp)
  adcw $500, (%ebp)
  adcl $0xffffffff, %ebx
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
  sub 8(%ebx), %eax
  sub %eax, -8(%ebp)
  subl $5, 16(%eax,%ecx,4)
  subb $5, (%esp)
  subw $500, (%ebp)
  subl $0xffffffff, %ebx
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
  sbb 8(%ebx), %eax
  sbb %eax, -8(%ebp)
  sbbl $5, 16(%eax,%ecx,4)
  sbbb $5, (%esp)
  sbbw $500, (%ebp)
  sbbl $0xffffffff, %ebx
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
  and 8(%ebx), %eax
  and %eax, -8(%ebp)
  andl $5, 16(%eax,%ecx,4)
  andb $5, (%esp)
  andw $500, (%ebp)
  andl $0xffffffff, %ebx
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
  or 8(%ebx), %eax
  or %eax, -8(%ebp)
  orl $5, 16(%eax,%ecx,4)
  orb $5, (%esp)
  orw $500, (%ebp)
  orl $0xffffffff, %ebx
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
  xor 8(%ebx), %eax
  xor %eax, -8(%ebp)
  xorl $5, 16(%eax,%ecx,4)
  xorb $5, (%esp)
  xorw $500, (%ebp)
  xorl $0xffffffff, %ebx
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
  cmp 8(%ebx), %eax
  cmp %eax, -8(%ebp)
  cmpl $5, 16(%eax,%ecx,4)
  cmpb $5, (%esp)
  cmpw $500, (%ebp)
  cmpl $0xffffffff, %ebx
  lock addl $1, (%eax)
  lock orb $1, 8(%ebx)
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
  test %ecx, (%eax)
  test 8(%ebx), %edx
  testl $7, (%esp)
  inc %ecx
  inc %dl
  inc %si
  incl (%eax)
  incb 8(%ebx)
  incw -8(%ebp)
  dec %ecx
  dec %dl
  dec %si
  decl (%eax)
  decb 8(%ebx)
  decw -8(%ebp)
  neg %ecx
  neg %dl
  neg %si
  negl (%eax)
  negb 8(%ebx)
  negw -8(%ebp)
  not %ecx
  not %dl
  not %si
  notl (%eax)
  notb 8(%ebx)
  notw -8(%ebp)
  mul %ecx
  mul %dl
  mul %si
  mull (%eax)
  mulb 8(%ebx)
  mulw -8(%ebp)
  imul %ecx
  imul %dl
  imul %si
  imull (%eax)
  imulb 8(%ebx)
  imulw -8(%ebp)
  div %ecx
  div %dl
  div %si
  divl (%eax)
  divb 8(%ebx)
  divw -8(%ebp)
  idiv %ecx
  idiv %dl
  idiv %si
  idivl (%eax)
  idivb 8(%ebx)
  idivw -8(%ebp)
  imul %ebx, %ecx
  imul 8(%ebx), %edx
  imul %ax, %bx
  imul $3, %eax
  imul $300, %ebx
  imul $3, %ebx, %ecx
  imul $-5, (%eax), %esi
  imul $1000, 16(%eax,%ecx,4), %edi
  imul $0x12, %cx, %dx
  shl %eax
  shl $1, %ebx
  shl $3, %ecx
  shl %cl, %edx
  shlb %al
  shlw $4, %si
  shll (%eax)
  shlb $2, 8(%ebx)
  shll %cl, -8(%ebp)
  sal %eax
  sal $1, %ebx
  sal $3, %ecx
  sal %cl, %edx
  salb %al
  salw $4, %si
  sall (%eax)
  salb $2, 8(%ebx)
  sall %cl, -8(%ebp)
  shr %eax
  shr $1, %ebx
  shr $3, %ecx
  shr %cl, %edx
  shrb %al
  shrw $4, %si
  shrl (%eax)
  shrb $2, 8(%ebx)
  shrl %cl, -8(%ebp)
  sar %eax
  sar $1, %ebx
  sar $3, %ecx
  sar %cl, %edx
  sarb %al
  sarw $4, %si
  sarl (%eax)
  sarb $2, 8(%ebx)
  sarl %cl, -8(%ebp)
  rol %eax
  rol $1, %ebx
  rol $3, %ecx
  rol %cl, %edx
  rolb %al
  rolw $4, %si
  roll (%eax)
  rolb $2, 8(%ebx)
  roll %cl, -8(%ebp)
  ror %eax
  ror $1, %ebx
  ror $3, %ecx
  ror %cl, %edx
  rorb %al
  rorw $4, %si
  rorl (%eax)
  rorb $2, 8(%ebx)
  rorl %cl, -8(%ebp)
  rcl %eax
  rcl $1, %ebx
  rcl $3, %ecx
  rcl %cl, %edx
  rclb %al
  rclw $4, %si
  rcll (%eax)
  rclb $2, 8(%ebx)
  rcll %cl, -8(%ebp)
  rcr %eax
  rcr $1, %ebx
  rcr $3, %ecx
  rcr %cl, %edx
  rcrb %al
  rcrw $4, %si
  rcrl (%eax)
  rcrb $2, 8(%ebx)
  rcrl %cl, -8(%ebp)
  shld $4, %ebx, %eax
  shld %cl, %ebx, %eax
  shld %edx, %ecx
  shld $1, %ax, %bx
  shld $7, %esi, (%eax)
  shld %cl, %edi, 8(%ebx)
  shrd $4, %ebx, %eax
  shrd %cl, %ebx, %eax
  shrd %edx, %ecx
  shrd $1, %ax, %bx
  shrd $7, %esi, (%eax)
  shrd %cl, %edi, 8(%ebx)
  bt %ecx, %edx
  bt $3, %eax
  bt %ax, %bx
  bt %esi, (%eax)
  btl $31, 8(%ebx)
  btw $5, -8(%ebp)
  bts %ecx, %edx
  bts $3, %eax
  bts %ax, %bx
  bts %esi, (%eax)
  btsl $31, 8(%ebx)
  btsw $5, -8(%ebp)
  btr %ecx, %edx
  btr $3, %eax
  btr %ax, %bx
  btr %esi, (%eax)
  btrl $31, 8(%ebx)
  btrw $5, -8(%ebp)
  btc %ecx, %edx
  btc $3, %eax
  btc %ax, %bx
  btc %esi, (%eax)
  btcl $31, 8(%ebx)
  btcw $5, -8(%ebp)
  bsf %ecx, %edx
  bsf 8(%ebx), %eax
  bsf %ax, %di
  bsr %ecx, %edx
  bsr 8(%ebx), %eax
  bsr %ax, %di
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
  jmp *%eax
  call *%eax
  jmp *%edi
  call *%edi
  jmp *(%eax)
  call *(%eax)
  jmp *8(%esp)
  call *8(%esp)
  jmp *msg
  call *msg
  jmp *(%eax,%ebx,4)
  call *(%eax,%ebx,4)
  jmpl *(%edi)
  calll *%edx
4: loop 4b
  loope 4b
  loopne 4b
  loopz 4b
  loopnz 4b
  jecxz 4b
  ret
  ret $8
  ret $0x1000
  retl
  leave
  leavel
  enter $16, $0
  enter $0x100, $3
  movsb
  movsw
  movsl
  rep movsb
  rep movsl
  stosb
  stosw
  stosl
  rep stosb
  rep stosl
  lodsb
  lodsw
  lodsl
  rep lodsb
  rep lodsl
  cmpsb
  cmpsw
  cmpsl
  repe cmpsb
  repne cmpsl
  repz cmpsw
  repnz cmpsb
  scasb
  scasw
  scasl
  repe scasb
  repne scasl
  repz scasw
  repnz scasb
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
  pushfl
  popfl
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
  nopw 0x0(%eax,%eax,1)
  nopl (%eax)
  nopl 0x0(%eax)
  nopw %ax
  nopl %ecx
  mov %cr0, %eax
  mov %eax, %cr0
  mov %cr3, %eax
  mov %eax, %cr3
  mov %cr4, %eax
  mov %eax, %cr4
  mov %cr2, %eax
  mov %eax, %cr2
  lgdt (%eax)
  lidt (%eax)
  ltr (%eax)
  sgdt (%eax)
  sidt (%eax)
  lgdt (%esp)
  lidt (%esp)
  ltr (%esp)
  sgdt (%esp)
  sidt (%esp)
  lgdt (%ebp)
  lidt (%ebp)
  ltr (%ebp)
  sgdt (%ebp)
  sidt (%ebp)
  ltr %ax
  ltr %cx
  lldt %dx
  str %ax
  mov %ds, %eax
  mov %ecx, %ds
  mov %ds, %dx
  mov %bx, %ds
  mov %ds, (%eax)
  mov 8(%ebx), %ds
  movw %ds, -8(%ebp)
  mov %es, %eax
  mov %ecx, %es
  mov %es, %dx
  mov %bx, %es
  mov %es, (%eax)
  mov 8(%ebx), %es
  movw %es, -8(%ebp)
  mov %ss, %eax
  mov %ecx, %ss
  mov %ss, %dx
  mov %bx, %ss
  mov %ss, (%eax)
  mov 8(%ebx), %ss
  movw %ss, -8(%ebp)
  mov %fs, %eax
  mov %ecx, %fs
  mov %fs, %dx
  mov %bx, %fs
  mov %fs, (%eax)
  mov 8(%ebx), %fs
  movw %fs, -8(%ebp)
  mov %gs, %eax
  mov %ecx, %gs
  mov %gs, %dx
  mov %bx, %gs
  mov %gs, (%eax)
  mov 8(%ebx), %gs
  movw %gs, -8(%ebp)
  mov %cs, %eax
  .p2align 4
  nop
  .balign 8
func:
  ret
far_end:
  hlt
  # xlat, far pointer loads, ud1, prefetchw, clwb (issue 9)
  xlat
  xlat %gs:(%ebx)
  lds (%ebx), %esi
  les 4(%ecx), %edi
  lfs (%edx), %eax
  lss (%esi), %esp
  ldsw (%ebx), %si
  ud1 %eax, %ecx
  prefetchw (%eax)
  clwb (%ecx)
  .data
msg: .ascii "corpus"
  .long 0
