/** The body was fetched but is not a feed kaiku can read; the message says what it is instead. */
export class FeedParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}
