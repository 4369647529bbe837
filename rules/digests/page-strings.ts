import type { Language } from '../../model/advocate.js';

// The words of the advocate's own pages (preferences, unsubscribe), in the languages kaiku writes digests in.

export interface PageStrings {
  title: string;
  topics: string;
  networks: string;
  mastodonServer: string;
  language: string;
  howOften: string;
  weekly: string;
  fortnightly: string;
  pausedUntil: string;
  save: string;
  saved: string;
  nothingSaved: string;
  unsubscribed: string;
  unsubscribe: string;
  stopQuestion(program: string, email: string): string;
  noMore(email: string, program: string): string;
  changedMind: string;
  subscribeAgain: string;
  welcomeBack: string;
}

export const PAGE_STRINGS: Record<Language, PageStrings> = {
  en: {
    title: 'Your digest',
    topics: 'Topics (none ticked: everything)',
    networks: 'Networks you post on',
    mastodonServer: 'Mastodon server',
    language: 'Language',
    howOften: 'How often',
    weekly: 'Every week',
    fortnightly: 'Every two weeks',
    pausedUntil: 'Paused until',
    save: 'Save',
    saved: 'Saved. Your next digest follows these choices.',
    nothingSaved: 'Nothing was saved.',
    unsubscribed: 'unsubscribed',
    unsubscribe: 'Unsubscribe',
    stopQuestion: (program, email) => `Stop the ${program} digest to ${email}?`,
    noMore: (email, program) => `${email} gets no more ${program} digests.`,
    changedMind: 'Changed your mind?',
    subscribeAgain: 'Subscribe again',
    welcomeBack: 'Welcome back: the digest comes again from the next one.',
  },
  fi: {
    title: 'Oma koosteesi',
    topics: 'Aiheet (ei valintaa: kaikki)',
    networks: 'Palvelut, joissa julkaiset',
    mastodonServer: 'Mastodon-palvelin',
    language: 'Kieli',
    howOften: 'Kuinka usein',
    weekly: 'Joka viikko',
    fortnightly: 'Joka toinen viikko',
    pausedUntil: 'Tauolla, kunnes',
    save: 'Tallenna',
    saved: 'Tallennettu. Seuraava koosteesi noudattaa näitä valintoja.',
    nothingSaved: 'Mitään ei tallennettu.',
    unsubscribed: 'tilaus peruttu',
    unsubscribe: 'Peru tilaus',
    stopQuestion: (program, email) => `Lopetetaanko koosteet (${program}) osoitteeseen ${email}?`,
    noMore: (email, program) => `${email} ei saa enää koosteita (${program}).`,
    changedMind: 'Muutitko mielesi?',
    subscribeAgain: 'Tilaa uudelleen',
    welcomeBack: 'Tervetuloa takaisin: kooste tulee taas seuraavasta alkaen.',
  },
  sv: {
    title: 'Ditt utskick',
    topics: 'Ämnen (inget valt: allt)',
    networks: 'Nätverk där du publicerar',
    mastodonServer: 'Mastodon-server',
    language: 'Språk',
    howOften: 'Hur ofta',
    weekly: 'Varje vecka',
    fortnightly: 'Varannan vecka',
    pausedUntil: 'Pausat till',
    save: 'Spara',
    saved: 'Sparat. Ditt nästa utskick följer de här valen.',
    nothingSaved: 'Inget sparades.',
    unsubscribed: 'avslutad',
    unsubscribe: 'Avsluta prenumerationen',
    stopQuestion: (program, email) => `Sluta skicka ${program} till ${email}?`,
    noMore: (email, program) => `${email} får inga fler utskick från ${program}.`,
    changedMind: 'Ångrat dig?',
    subscribeAgain: 'Prenumerera igen',
    welcomeBack: 'Välkommen tillbaka: utskicken kommer igen från nästa.',
  },
  da: {
    title: 'Din oversigt',
    topics: 'Emner (intet valgt: alt)',
    networks: 'Netværk, du poster på',
    mastodonServer: 'Mastodon-server',
    language: 'Sprog',
    howOften: 'Hvor ofte',
    weekly: 'Hver uge',
    fortnightly: 'Hver anden uge',
    pausedUntil: 'Sat på pause indtil',
    save: 'Gem',
    saved: 'Gemt. Din næste oversigt følger disse valg.',
    nothingSaved: 'Intet blev gemt.',
    unsubscribed: 'afmeldt',
    unsubscribe: 'Afmeld',
    stopQuestion: (program, email) => `Stop oversigten fra ${program} til ${email}?`,
    noMore: (email, program) => `${email} får ikke flere oversigter fra ${program}.`,
    changedMind: 'Fortrudt?',
    subscribeAgain: 'Tilmeld igen',
    welcomeBack: 'Velkommen tilbage: oversigten kommer igen fra den næste.',
  },
};

export function pageStringsFor(language: string): PageStrings {
  return PAGE_STRINGS[language as Language] ?? PAGE_STRINGS.en;
}
