# Instruction lines for the objdump differential test (32-bit), one per line.
.code32
.text
.globl _start
_start:
mov $1,%eax
mov %eax,%ebx
mov %ax,%bx
mov %al,%bl
mov %ah,%bh
mov 0x1000,%eax
mov %eax,0x1000
mov %cs,%eax
mov %ds,%ax
mov %eax,%ds
mov %ax,%es
movzbl %al,%eax
movzwl %ax,%eax
movzbw %al,%ax
movsbl %al,%eax
movsbw %al,%ax
movswl %ax,%eax
pushw $1
push %ax
pop %ax
xchg %eax,%ecx
xchg %ebx,%ecx
cmpxchg %bl,%cl
bswap %eax
cbtw
cwtl
cwtd
cltd
cmove %eax,%ebx
cmovl %ax,%bx
cmovs %esi,%edi
sete %al
seta %bl
setp %cl
setnp %cl
add %eax,%ebx
add $1,%eax
add $0x80,%eax
add $1,%al
add $1,%ax
adc %eax,%ebx
adc $0x12,%ecx
sbb %eax,%ebx
and $0xff,%eax
xor %eax,%eax
test %eax,%eax
test $1,%al
test $0x80,%eax
inc %eax
dec %ecx
not %eax
mul %ecx
imul %ecx
imul %eax,%ebx
imul $10,%eax,%ebx
div %ecx
shl %eax
shl $1,%eax
shl $3,%eax
shl %cl,%eax
shr %eax
sar %eax
sar $3,%eax
rol %eax
rol $4,%al
rol %cl,%bx
ror $1,%eax
rcl %eax
rcl $2,%eax
rcl %cl,%eax
rcr %eax
rcr %cl,%dl
shld $4,%eax,%ebx
shld %cl,%eax,%ebx
shrd $4,%eax,%ebx
bt %eax,%ebx
bt $3,%eax
btr %ecx,%edx
btc %eax,%ebx
btc $5,%ecx
bsf %eax,%ebx
bsr %eax,%ebx
1: jmp 1b
jmp 2f
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
4: ret
ret $8
lretl
lret $4
leave
enter $0x10,$0
enter $8,$1
loop 4b
loope 4b
loopne 4b
jecxz 4b
movsb
movsw
movsl
stosb
stosw
stosl
lodsb
lodsw
lodsl
cmpsb
cmpsw
cmpsl
scasb
scasw
scasl
rep movsb
rep stosb
rep stosl
repe cmpsb
repne scasb
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
lahf
sahf
nop
xchg %ax,%ax
pause
hlt
ud2
int3
int $0x80
int $3
iretl
iretw
sysenter
rdmsr
wrmsr
rdtsc
cpuid
lfence
mfence
sfence
ltr %ax
str %eax
lldt %ax
int1
xlat
mov $0x80000000,%eax
mov $0xffffffff,%eax
mov %esp,%ebp
mov $0x3c,%eax
mov $0x3c,%edi
push %ds
push %es
push %fs
push %gs
push %ss
pop %ds
pop %es
pop %fs
pop %gs
pop %ss
push %cs
pusha
popa
pushal
popal
pushl $1
pushl (%eax)
popl (%eax)
push %eax
pop %ebx
pushw (%eax)
pushfl
popfl
pushfw
inc %eax
dec %edx
incw %ax
lcall $0x10,$0x1000
ljmp $0x10,$0x1000
lcall *(%eax)
ljmp *(%eax)
jmp *%eax
call *%ecx
call *(%eax)
jmp *0x10(,%eax,4)
movl $0x1,(%eax)
mov data,%eax
mov %eax,data
mov data,%al
mov %al,data
mov %ax,data
mov $data,%eax
lea data(,%ecx,4),%eax
mov %es:(%edi),%eax
mov %fs:0x10,%eax
mov %gs:0x14,%eax
mov %cr0,%eax
mov %eax,%cr0
mov %cr3,%eax
mov %eax,%cr3
mov %cr4,%eax
mov %eax,%cr4
sysexit
sysenter
iret
iretw
lret
lret $8
lretw
aaa
daa
bound %eax,(%ebx)
into
arpl %ax,%bx
cwtl
cltd
cbtw
cwtd
movsbl (%eax),%eax
movzwl (%eax),%eax
movl $-1,(%eax)
add $-1,%eax
add $0xffffff80,%eax
mov (%esp),%eax
mov 0(%ebp),%eax
mov (%ebp),%eax
mov 4(%esp),%eax
mov %esp,%ebp
movsb
movsw
movsl
rep movsl
rep stosl
repnz scasb
repz cmpsb
addr16 mov (%si),%eax
mov (%bx,%si),%eax
loop 1f
jecxz 1f
1: nop

.data
data: .quad 0
