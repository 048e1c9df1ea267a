/**
 * A JSON number whose text a JS number cannot hold exactly (an integer beyond 2^53, a decimal with more
 * than 15-17 significant digits). The decoder turns it into a bigint or BigDecimal as the schema says.
 */
export class JsonNumber {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
    Object.freeze(this);
  }
}
