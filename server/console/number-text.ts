// A count as the console writes it in the admin's language: 2,434 · 2 434 · 2 434 (Intl).

/**
 * `language`: a console language, or the catalogue's `locale` (the same codes).
 * @example
 * numberText(2434, 'fi') // '2 434'
 * numberText(2434, 'en') // '2,434'
 */
export function numberText(n: number, language: string): string {
  return n.toLocaleString(language === 'en' ? 'en-US' : language);
}
