import type { Language } from '../../model/advocate.js';

// The urgent mail's own words in each language kaiku writes; the share buttons and the footer's links use the
// digest's (rules/digests/digest-strings.ts). Captions stay in the item's language.

export interface UrgentStrings {
  subject(title: string): string;
  intro(firstName: string, program: string): string;
  captionFor(network: string): string;
}

export const URGENT_STRINGS: Record<Language, UrgentStrings> = {
  en: {
    subject: (title) => `New post to share: ${title}`,
    intro: (name, program) => `Hi ${name}, ${program} has a new post it would love you to share now. The caption is ready, and the link in it is yours.`,
    captionFor: (network) => `Your caption for ${network}`,
  },
  fi: {
    subject: (title) => `Uusi jaettava: ${title}`,
    intro: (name, program) => `Hei ${name}, ${program} toivoo sinun jakavan tämän uuden julkaisun nyt. Saate on valmiina, ja sen linkki on sinun.`,
    captionFor: (network) => `Saatteesi: ${network}`,
  },
  sv: {
    subject: (title) => `Nytt att dela: ${title}`,
    intro: (name, program) => `Hej ${name}, ${program} vill gärna att du delar det här nya inlägget nu. Texten är färdig, och länken i den är din.`,
    captionFor: (network) => `Din text för ${network}`,
  },
  da: {
    subject: (title) => `Nyt at dele: ${title}`,
    intro: (name, program) => `Hej ${name}, ${program} vil gerne have, at du deler dette nye opslag nu. Teksten er klar, og linket i den er dit.`,
    captionFor: (network) => `Din tekst til ${network}`,
  },
};

export function urgentStringsFor(language: string): UrgentStrings {
  return URGENT_STRINGS[language as Language] ?? URGENT_STRINGS.en;
}
