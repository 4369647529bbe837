import type { Language } from '../../model/advocate.js';
import { shareOnInFinnish } from '../captions/caption-limits.js';

// The welcome sequence's words in each language kaiku writes to advocates. An admin's `subject` and `intro` in
// the config replace the first two; the rest (what is tracked, how to pause) stays kaiku's, so it stays true.

export interface OnboardingStrings {
  welcomeSubject(program: string): string;
  welcomeIntro(firstName: string, program: string): string;
  guidelineTitle: string;
  guidelineLink: string;
  howTitle: string;
  how: string;
  trackedTitle: string;
  tracked: string;
  notTracked: string;
  pauseTitle: string;
  pause: string;
  preferences: string;
  firstPostsSubject(program: string): string;
  firstPostsIntro(firstName: string): string;
  shareOn(network: string): string;
  tipSubject(program: string): string;
  tipIntro(firstName: string): string;
  tip: string;
  leaderboard: string;
  leaderboardLink: string;
}

export const ONBOARDING_STRINGS: Record<Language, OnboardingStrings> = {
  en: {
    welcomeSubject: (program) => `Welcome to ${program}`,
    welcomeIntro: (name, program) =>
      `Hi ${name}, welcome to ${program}! Once a week you will get a short email with posts from your organisation that are ready to share, with the words written for you. Sharing is always your choice.`,
    guidelineTitle: 'Our social media guideline',
    guidelineLink: 'Read the guideline',
    howTitle: 'How sharing works',
    how: 'Each post in your weekly email has a caption for each network you use. A share button opens the network with the caption filled in (or shows it to copy); change it as you like before you post. The link in it is your own.',
    trackedTitle: 'What is tracked, and what is not',
    tracked: 'kaiku counts when you press a share button and how many people open the link in your post, to award points and see what works.',
    notTracked: 'It does not read your social media accounts, your posts or who clicked; nobody sees your name on a leaderboard unless you choose so.',
    pauseTitle: 'How to pause',
    pause: 'You can pause the emails, choose fewer, or leave at any time from your preferences; every email has the links.',
    preferences: 'Your preferences',
    firstPostsSubject: (program) => `Your first posts to share (${program})`,
    firstPostsIntro: (name) => `Hi ${name}, here are some of the best posts right now, ready to share. Pick one you like; one share is a great start.`,
    shareOn: (network) => `Share on ${network}`,
    tipSubject: (program) => `A tip for sharing (${program})`,
    tipIntro: (name) => `Hi ${name}, a tip from people who share a lot:`,
    tip: 'Add one sentence of your own to the caption: what you think, or why it matters to your work. Posts with a personal word are read far more than plain links.',
    leaderboard: 'Each month kaiku shows who shared most. Your name is shown only if you want it to be.',
    leaderboardLink: 'Show my name on the leaderboard',
  },
  fi: {
    welcomeSubject: (program) => `Tervetuloa mukaan: ${program}`,
    welcomeIntro: (name, program) =>
      `Hei ${name}, tervetuloa mukaan ohjelmaan ${program}! Saat kerran viikossa lyhyen viestin, jossa on organisaatiosi jaettavia julkaisuja valmiine saatteineen. Jakaminen on aina vapaaehtoista.`,
    guidelineTitle: 'Somelinjauksemme',
    guidelineLink: 'Lue linjaus',
    howTitle: 'Näin jakaminen toimii',
    how: 'Viikkoviestin jokaisessa julkaisussa on saate jokaiseen käyttämääsi palveluun. Jakonappi avaa palvelun saate valmiina (tai näyttää sen kopioitavaksi); muokkaa sitä halutessasi ennen julkaisua. Saatteen linkki on sinun oma.',
    trackedTitle: 'Mitä seurataan ja mitä ei',
    tracked: 'kaiku laskee, kun painat jakonappia ja kuinka moni avaa julkaisusi linkin, jotta pisteet kertyvät ja näemme, mikä toimii.',
    notTracked: 'Se ei lue sometilejäsi, julkaisujasi eikä sitä, kuka klikkasi; nimesi näkyy tulostaululla vain, jos itse niin valitset.',
    pauseTitle: 'Näin pidät taukoa',
    pause: 'Voit keskeyttää viestit, valita harvemman tahdin tai lopettaa milloin tahansa asetuksistasi; linkit ovat jokaisessa viestissä.',
    preferences: 'Asetuksesi',
    firstPostsSubject: (program) => `Ensimmäiset jaettavasi (${program})`,
    firstPostsIntro: (name) => `Hei ${name}, tässä tämän hetken parhaita julkaisuja valmiina jaettaviksi. Valitse mieleisesi; yksi jako on hyvä alku.`,
    shareOn: shareOnInFinnish,
    tipSubject: (program) => `Vinkki jakamiseen (${program})`,
    tipIntro: (name) => `Hei ${name}, vinkki paljon jakavilta:`,
    tip: 'Lisää saatteeseen yksi oma lause: mitä ajattelet tai miksi asia on tärkeä työssäsi. Henkilökohtaisia julkaisuja luetaan paljon enemmän kuin pelkkiä linkkejä.',
    leaderboard: 'Joka kuukausi kaiku näyttää, kuka jakoi eniten. Nimesi näkyy vain, jos haluat.',
    leaderboardLink: 'Näytä nimeni tulostaululla',
  },
  sv: {
    welcomeSubject: (program) => `Välkommen till ${program}`,
    welcomeIntro: (name, program) =>
      `Hej ${name}, välkommen till ${program}! En gång i veckan får du ett kort mejl med inlägg från din organisation som är färdiga att dela, med texten skriven åt dig. Att dela är alltid frivilligt.`,
    guidelineTitle: 'Våra riktlinjer för sociala medier',
    guidelineLink: 'Läs riktlinjerna',
    howTitle: 'Så fungerar delningen',
    how: 'Varje inlägg i veckomejlet har en text för varje nätverk du använder. En delningsknapp öppnar nätverket med texten ifylld (eller visar den för kopiering); ändra den gärna innan du publicerar. Länken i texten är din egen.',
    trackedTitle: 'Vad som räknas, och vad som inte gör det',
    tracked: 'kaiku räknar när du trycker på en delningsknapp och hur många som öppnar länken i ditt inlägg, för att dela ut poäng och se vad som fungerar.',
    notTracked: 'Den läser inte dina konton, dina inlägg eller vem som klickade; ingen ser ditt namn på topplistan om du inte själv väljer det.',
    pauseTitle: 'Så tar du paus',
    pause: 'Du kan pausa mejlen, välja färre eller sluta när du vill i dina inställningar; varje mejl har länkarna.',
    preferences: 'Dina inställningar',
    firstPostsSubject: (program) => `Dina första inlägg att dela (${program})`,
    firstPostsIntro: (name) => `Hej ${name}, här är några av de bästa inläggen just nu, färdiga att dela. Välj ett du gillar; en delning är en bra början.`,
    shareOn: (network) => `Dela på ${network}`,
    tipSubject: (program) => `Ett tips om delning (${program})`,
    tipIntro: (name) => `Hej ${name}, ett tips från dem som delar mycket:`,
    tip: 'Lägg till en egen mening i texten: vad du tycker, eller varför det är viktigt i ditt arbete. Inlägg med ett personligt ord läses mycket mer än bara länkar.',
    leaderboard: 'Varje månad visar kaiku vem som delade mest. Ditt namn visas bara om du vill.',
    leaderboardLink: 'Visa mitt namn på topplistan',
  },
  da: {
    welcomeSubject: (program) => `Velkommen til ${program}`,
    welcomeIntro: (name, program) =>
      `Hej ${name}, velkommen til ${program}! En gang om ugen får du en kort e-mail med opslag fra din organisation, klar til deling, med teksten skrevet for dig. Det er altid frivilligt at dele.`,
    guidelineTitle: 'Vores retningslinjer for sociale medier',
    guidelineLink: 'Læs retningslinjerne',
    howTitle: 'Sådan deler du',
    how: 'Hvert opslag i ugens e-mail har en tekst til hvert netværk, du bruger. En deleknap åbner netværket med teksten udfyldt (eller viser den til kopiering); ret den gerne, før du slår op. Linket i teksten er dit eget.',
    trackedTitle: 'Hvad der tælles, og hvad der ikke gør',
    tracked: 'kaiku tæller, når du trykker på en deleknap, og hvor mange der åbner linket i dit opslag, for at give point og se, hvad der virker.',
    notTracked: 'Den læser ikke dine konti, dine opslag eller hvem der klikkede; ingen ser dit navn på listen, medmindre du selv vælger det.',
    pauseTitle: 'Sådan holder du pause',
    pause: 'Du kan sætte e-mailene på pause, vælge færre eller stoppe når som helst i dine indstillinger; hver e-mail har linkene.',
    preferences: 'Dine indstillinger',
    firstPostsSubject: (program) => `Dine første opslag til deling (${program})`,
    firstPostsIntro: (name) => `Hej ${name}, her er nogle af de bedste opslag lige nu, klar til deling. Vælg et, du kan lide; én deling er en god start.`,
    shareOn: (network) => `Del på ${network}`,
    tipSubject: (program) => `Et tip om deling (${program})`,
    tipIntro: (name) => `Hej ${name}, et tip fra dem, der deler meget:`,
    tip: 'Tilføj én sætning af dine egne til teksten: hvad du mener, eller hvorfor det betyder noget i dit arbejde. Opslag med et personligt ord bliver læst langt mere end rene links.',
    leaderboard: 'Hver måned viser kaiku, hvem der delte mest. Dit navn vises kun, hvis du vil.',
    leaderboardLink: 'Vis mit navn på listen',
  },
};

export function onboardingStringsFor(language: string): OnboardingStrings {
  return ONBOARDING_STRINGS[language as Language] ?? ONBOARDING_STRINGS.en;
}
