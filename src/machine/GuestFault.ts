/** An exception raised inside the guest while executing an instruction; thrown to unwind, then delivered through the IDT. */
export class GuestFault {
  constructor(
    readonly vector: number,
    /** Error code pushed on the handler stack, or -1 for none. */
    readonly errorCode: number,
    readonly reason: string,
    /** Faulting linear address for #PF (becomes CR2). */
    readonly cr2 = 0,
    readonly notEmulated = false,
  ) {}
}
