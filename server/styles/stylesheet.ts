import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

// kaiku's one stylesheet, read once at start and served under a name that carries its content's hash, so a
// browser may keep it for a year and still sees every change at once; pages allow styles from 'self' only.

const css = readFileSync(new URL('./kaiku.css', import.meta.url), 'utf8');
const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);

export const STYLESHEET = { path: `/assets/kaiku.${hash}.css`, css } as const;
