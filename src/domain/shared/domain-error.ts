/** Base of errors that mean "the domain refused this", as opposed to infrastructure failures. */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
