import { encode, wrap } from 'nodemailer/lib/qp';

// Quoted-printable (RFC 2045 §6.7) in pieces that can be joined: each piece ends with a soft line break,
// so the next starts at column 0 and no line passes 76 characters. A soft break decodes to nothing, so
// the joined pieces decode to the joined text. This lets a compiled template encode its static parts
// once; per recipient only the slot values are encoded.

const SOFT_BREAK = '=\r\n';
// Printable ASCII except "=", short enough to need no wrapping: written as is.
const LITERAL = /^[\x21-\x3c\x3e-\x7e]{0,75}$/;

/** `text` quoted-printable encoded as a joinable piece. */
export function qpPiece(text: string): string {
  if (text === '') return '';
  if (LITERAL.test(text)) return text + SOFT_BREAK;
  // 75: the piece's last line takes the "=" of the soft break too
  return wrap(encode(text), 75) + SOFT_BREAK;
}

/** A MIME body part whose content is already quoted-printable encoded. */
export function qpPart(contentType: string, encodedBody: string): string {
  return `Content-Type: ${contentType}\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${encodedBody}`;
}
