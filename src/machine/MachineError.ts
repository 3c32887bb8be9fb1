/** A one-line error for misuse of the machine API from the host side (bad selector, unmapped loader access). */
export class MachineError extends Error {
  constructor(message: string) { super(message); this.name = 'MachineError'; }
}
