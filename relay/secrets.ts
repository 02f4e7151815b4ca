import {inspect} from 'node:util';

/**
 * A credential read from the environment. It never prints itself: not in a
 * template string, not in JSON, not in util.inspect (so not in a log line, an
 * output file or an error message); only `reveal()` gives the value, at the
 * one place a request header needs it. Every value is also remembered, so the
 * logger can blank it should it ever be copied into text some other way.
 */
export class Secret {
  static readonly #values = new Set<string>();
  readonly #value: string;

  constructor(
    /** The environment variable it came from: safe to name in messages. */
    readonly env: string,
    value: string,
  ) {
    this.#value = value;
    if (value.length >= 4) Secret.#values.add(value);
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return `[secret from $${this.env}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** Text with every known secret value replaced: the last line of defence before anything is written. */
  static redact(text: string): string {
    for (const value of Secret.#values) if (text.includes(value)) text = text.replaceAll(value, '[secret]');
    return text;
  }
}
