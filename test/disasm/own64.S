# Instruction lines for the objdump differential test (64-bit), one per line.
.text
.globl _start
_start:
mov $0x1,%rax
mov $1,%eax
mov $-1,%rax
movabs $0x123456789abcdef0,%rax
movabs 0x1122334455667788,%al
movabs 0x1122334455667788,%eax
movabs %rax,0x1122334455667788
mov %eax,%ebx
mov %rax,%rbx
mov %ax,%bx
mov %al,%bl
mov %ah,%bh
mov %sil,%dil
mov %r8,%r9
mov %r8d,%r15d
mov %r10w,%r11w
mov %r12b,%r13b
movl $0x1,(%rax)
movq $0x1,(%rax)
movw $0x1,(%rax)
movb $0x1,(%rax)
mov (%rax),%eax
mov 8(%rsp),%rdi
mov -8(%rbp),%rax
mov 0x10(%rax,%rbx,4),%ecx
mov (%rax,%rbx),%ecx
mov (,%rbx,8),%rcx
mov 0x1000,%eax
mov %eax,0x1000
mov data(%rip),%rax
mov %rax,data(%rip)
lea data(%rip),%rsi
lea 0x8(%rax,%rcx,2),%rdx
lea (%rax),%rax
mov %fs:0x28,%rax
mov %gs:0,%rax
mov %gs:(%rax),%rbx
mov %cs,%eax
mov %ds,%ax
mov %eax,%ds
mov %ax,%es
mov %ss,(%rax)
mov (%rax),%fs
movzbl %al,%eax
movzbl (%rax),%eax
movzwl %ax,%eax
movzwl (%rdi),%ecx
movzbw %al,%ax
movzbq %al,%rax
movzwq (%rax),%rax
movsbl %al,%eax
movsbw %al,%ax
movsbq (%rax),%rax
movswl %ax,%eax
movswq %ax,%rax
movslq %eax,%rax
movslq (%rdi),%rax
push %rbp
push %r12
pushq $1
pushq $0x1000
pushq (%rax)
pushw $1
push %ax
pop %rbp
pop %r15
popq (%rax)
pop %ax
xchg %rax,%rbx
xchg %eax,%ecx
xchg %ebx,%ecx
xchg %al,(%rdi)
xchg %rax,(%rsi)
cmpxchg %ecx,(%rdi)
lock cmpxchg %rcx,(%rdi)
lock cmpxchg8b (%rdi)
lock cmpxchg16b (%rdi)
cmpxchg %bl,%cl
xadd %eax,(%rdi)
lock xadd %rax,(%rdi)
lock addl $1,(%rax)
lock incq (%rdi)
bswap %eax
bswap %rax
bswap %r9
cbtw
cwtl
cltq
cwtd
cltd
cqto
cmove %eax,%ebx
cmovne (%rax),%rcx
cmovl %ax,%bx
cmova %r8,%r9
cmovs %esi,%edi
sete %al
setne (%rax)
setg %r8b
setb %sil
seta %bl
setp %cl
setnp %cl
add %eax,%ebx
add $1,%eax
add $0x80,%eax
add $0x1000,%rax
add $-1,%rax
addb $1,(%rax)
addw $1,(%rax)
addl $1,(%rax)
addq $1,(%rax)
add $1,%al
add $1,%ax
add (%rax),%rcx
add %rcx,(%rax)
adc %eax,%ebx
adc $0x12,%ecx
sbb %eax,%ebx
sbb $1,%rax
sub $8,%rsp
sub %rax,%rbx
and $0xfffffffffffffff0,%rsp
and $0xff,%eax
or $1,%rax
or %al,(%rbx)
xor %eax,%eax
xor %rax,%rax
xorl $0x55,(%rdi)
cmp $0,%rax
cmp %rax,%rbx
cmpb $0x0,(%rdi)
cmpq $0x1,0x8(%rsp)
cmpl $0x10000,(%rax)
test %eax,%eax
test %rax,%rax
test $1,%al
test $0x80,%eax
testb $1,(%rax)
testl $0x100,(%rax)
inc %eax
inc %rax
incl (%rax)
incq (%rax)
incb (%rax)
dec %ecx
decw (%rax)
neg %rax
negl (%rax)
not %eax
notq (%rax)
mul %ecx
mulq (%rax)
mulb (%rax)
imul %ecx
imul %eax,%ebx
imul (%rax),%rbx
imul $10,%eax,%ebx
imul $0x1000,%rax,%rbx
imul $3,(%rax),%ecx
imull (%rax)
div %ecx
divq (%rax)
idiv %rcx
idivl (%rax)
idivb (%rax)
shl %eax
shl $1,%eax
shl $3,%eax
shl %cl,%eax
shlq $4,(%rax)
shll (%rax)
sal $2,%rbx
shr %eax
shr $5,%rax
shr %cl,%rdx
shrb $1,(%rax)
sar %eax
sar $3,%eax
sar %cl,%rax
rol %eax
rol $4,%al
rol %cl,%bx
ror $1,%eax
ror $8,%rax
rcl %eax
rcl $2,%eax
rcl %cl,%eax
rcr %eax
rcr $3,%rax
rcr %cl,%dl
shld $4,%eax,%ebx
shld %cl,%eax,%ebx
shld $1,%rax,(%rdi)
shrd $4,%eax,%ebx
shrd %cl,%rax,%rbx
bt %eax,%ebx
bt $3,%eax
btl $3,(%rax)
bts %rax,(%rdi)
btsq $63,(%rdi)
btr %ecx,%edx
btr $1,%rax
btc %eax,%ebx
btc $5,%ecx
bsf %eax,%ebx
bsf (%rax),%rcx
bsr %eax,%ebx
bsr %rax,%rcx
1: jmp 1b
jmp 2f
jmp *%rax
jmp *(%rax)
jmp *8(%rax)
jmp *data(%rip)
jmp *0x10(%rax,%rbx,8)
2: je 1b
jne 2b
jl 3f
jg 3f
ja 3f
jb 3f
jae 3f
jbe 3f
js 3f
jns 3f
jo 3f
jno 3f
jp 3f
jnp 3f
jle 3f
jge 3f
3: call 4f
call *%rax
call *(%rax)
call *data(%rip)
call *%r11
4: ret
ret $8
retq
lretl
lretq
lret $4
lretq $4
leave
enter $0x10,$0
enter $8,$1
loop 4b
loope 4b
loopne 4b
jrcxz 4b
jecxz 4b
movsb
movsw
movsl
movsq
stosb
stosw
stosl
stosq
lodsb
lodsw
lodsl
lodsq
cmpsb
cmpsw
cmpsl
cmpsq
scasb
scasw
scasl
scasq
rep movsb
rep movsq
rep stosb
rep stosl
rep stosq
repe cmpsb
repne scasb
repz cmpsq
repnz scasl
rep lodsb
cld
std
clc
stc
cmc
cli
sti
pushf
popf
pushfq
popfq
lahf
sahf
nop
nopw 0x0(%rax,%rax,1)
nopl 0x0(%rax)
nopl 0x0(%rax,%rax,1)
nopw %cs:0x0(%rax,%rax,1)
xchg %ax,%ax
nopl (%rax)
nopw (%rax)
pause
hlt
ud2
int3
int $0x80
int $3
iretl
iretq
iretw
syscall
sysretl
sysretq
sysenter
sysexitl
sysexitq
swapgs
rdmsr
wrmsr
rdtsc
rdtscp
cpuid
lfence
mfence
sfence
mov %cr0,%rax
mov %rax,%cr0
mov %cr3,%rax
mov %rax,%cr3
mov %cr4,%rbx
mov %rbx,%cr4
mov %cr2,%rax
lgdt (%rax)
lidt (%rax)
lgdt data(%rip)
sgdt (%rax)
sidt (%rax)
ltr %ax
ltr (%rax)
str %eax
lldt %ax
invlpg (%rax)
int1
xlat
mov $0x80000000,%eax
mov $0xffffffff,%eax
movq $-1,(%rax)
mov %rsp,%rbp
mov %esp,%ebp
mov $0x3c,%eax
mov $0x3c,%edi
mov %r9,-0x8(%rbp)
movl $0x0,-0x4(%rbp)
mov 0x7fffffff(%rax),%eax
mov -0x80000000(%rax),%eax
mov 0x80(%rax),%eax
mov -0x80(%rax),%eax
mov 0x7f(%rax),%eax
mov (%r12),%eax
mov (%r13),%eax
mov (%rsp),%eax
mov (%rbp),%eax
mov 0(%r13,%r12,2),%eax
.data
data: .quad 0
