import { describe, expect, it } from 'vitest';
import { redact, registerSecret } from '../src/secrets.js';

/** The token is cut out of a text however it was quoted back: as it is, or percent-encoded by a URL. */
describe('redact', () => {
  const token = 'opaque+SECRET/token==';
  registerSecret(token);
  it.each([
    ['as it is', `Bearer ${token}`, 'Bearer [redacted]'],
    ['percent-encoded', 'https://login.example/?back=opaque%2BSECRET%2Ftoken%3D%3D', 'https://login.example/?back=[redacted]'],
    ['percent-encoded in lower case', 'back=opaque%2bSECRET%2ftoken%3d%3d', 'back=[redacted]'],
    ['partly encoded, as encodeURI leaves / and =', 'back=opaque%2BSECRET/token==&x=1', 'back=[redacted]&x=1'],
    ['twice in one text', `${token} and ${token}`, '[redacted] and [redacted]'],
    ['another text untouched', 'opaque SECRET token', 'opaque SECRET token'],
  ])('%s', (_name, text, redacted) => {
    expect(redact(text)).toBe(redacted);
  });

  it('a token with a character URLs never encode, or one with no URL form, is cut as it is', () => {
    registerSecret('a.b_c~d-e');
    registerSecret('x\ud800y');
    expect(redact('a.b_c~d-e x\ud800y')).toBe('[redacted] [redacted]');
  });
});
