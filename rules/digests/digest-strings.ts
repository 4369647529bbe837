import type { Language } from '../../model/advocate.js';
import { shareOnInFinnish } from '../captions/caption-limits.js';

// The digest's words in each language kaiku writes. Captions stay in the item's language: kaiku does not translate.

export interface DigestStrings {
  subject(count: number, firstTitle: string): string;
  preheader(count: number, program: string): string;
  greeting(firstName: string): string;
  intro(program: string): string;
  captionFor(network: string): string;
  shareOn(network: string): string;
  readArticle: string;
  from: string;
  why(program: string): string;
  preferences: string;
  /** The footer's link to the advocate's privacy page. */
  privacy: string;
  unsubscribe: string;
  copyHint: string;
  copyAndOpen(network: string): string;
  /** The share page's button for a network that takes the caption prefilled. */
  openPrefilled(network: string): string;
  prefilledHint: string;
  mastodonInstanceNeeded: string;
  /** LinkedIn's share page: the composer opens with the caption (a way LinkedIn does not document), or the fallback. */
  linkedinHint: string;
  /** The share page's second button: copy the caption, then the network's dialog with the link only. */
  copyInstead: string;
  /** Mastodon with no server set: the share hub asks for it. */
  mastodonHubHint: string;
  /** The share page of an item the programme retracted in the console: nothing to share any more. */
  withdrawnTitle: string;
  withdrawn(program: string): string;
}

export const DIGEST_STRINGS: Record<Language, DigestStrings> = {
  en: {
    subject: (n, title) => (n === 1 ? `To share this week: ${title}` : `${n} posts to share this week: ${title} and more`),
    preheader: (n, program) => `${n === 1 ? 'One post' : `${n} posts`} from ${program} picked for you, with captions ready to post.`,
    greeting: (name) => `Hi ${name},`,
    intro: (program) =>
      `Here is what ${program} would love you to share this week. Each caption is ready: copy it or press a share button. The link in it is yours, so your shares count.`,
    captionFor: (network) => `Caption for ${network}`,
    shareOn: (network) => `Share on ${network}`,
    readArticle: 'Read the article',
    from: 'From',
    why: (program) => `You get this email because you are an advocate of ${program}.`,
    preferences: 'Choose topics, networks and how often',
    privacy: 'What kaiku records about you',
    unsubscribe: 'Unsubscribe',
    copyHint: 'Copy the caption, then paste it into your post.',
    copyAndOpen: (network) => `Copy the caption and open ${network}`,
    openPrefilled: (network) => `Open ${network} with this caption`,
    prefilledHint: 'The caption opens ready in the post window; change it as you like before you post.',
    mastodonInstanceNeeded: 'Name your Mastodon server in your preferences, and the button will open it there. Meanwhile, copy the caption:',
    linkedinHint:
      'The first button opens LinkedIn’s post window with this caption written in, ready to change before you post. LinkedIn does not document that way in, so if the window opens empty, come back and use the second button: it copies the caption and opens LinkedIn’s share window with the link only, for you to paste the caption into.',
    copyInstead: 'Copy the caption and share the link only',
    mastodonHubHint:
      'Mastodon’s share page asks which server you use, then opens your post there with this caption. Name your server in your preferences to go straight there.',
    withdrawnTitle: 'This post was withdrawn',
    withdrawn: (program) =>
      `${program} has withdrawn this post, so it can no longer be shared from here. Thank you all the same: your next digest has fresh posts to share.`,
  },
  fi: {
    subject: (n, title) => (n === 1 ? `Jaettavaa tällä viikolla: ${title}` : `${n} jaettavaa tällä viikolla: ${title} ja muita`),
    preheader: (n, program) => `${n === 1 ? 'Yksi julkaisu' : `${n} julkaisua`} sinulle: ${program}. Saatteet valmiina.`,
    greeting: (name) => `Hei ${name},`,
    intro: (program) =>
      `Tässä tämän viikon sisällöt, joita ${program} toivoo sinun jakavan. Saatteet ovat valmiina: kopioi teksti tai paina jakonappia. Tekstin linkki on sinun, joten jakosi näkyvät.`,
    captionFor: (network) => `${network}-saate`,
    shareOn: shareOnInFinnish,
    readArticle: 'Lue artikkeli',
    from: 'Lähde',
    why: (program) => `Saat tämän viestin, koska olet mukana ohjelmassa ${program}.`,
    preferences: 'Valitse aiheet, kanavat ja tahti',
    privacy: 'Mitä kaiku tallentaa sinusta',
    unsubscribe: 'Peru tilaus',
    copyHint: 'Kopioi saate ja liitä se julkaisuusi.',
    copyAndOpen: (network) => `Kopioi saate ja avaa ${network}`,
    openPrefilled: (network) => `Avaa ${network} tällä saatteella`,
    prefilledHint: 'Saate avautuu valmiina julkaisuikkunaan; muokkaa sitä halutessasi ennen julkaisua.',
    mastodonInstanceNeeded: 'Kerro Mastodon-palvelimesi asetuksissa, niin nappi avaa sen. Sillä välin kopioi saate:',
    linkedinHint:
      'Ensimmäinen nappi avaa LinkedInin julkaisuikkunan, jossa tämä saate on valmiina muokattavaksi. LinkedIn ei dokumentoi tätä tapaa, joten jos ikkuna aukeaa tyhjänä, palaa tänne ja käytä toista nappia: se kopioi saatteen ja avaa LinkedInin jakoikkunan pelkällä linkillä, ja liität saatteen siihen.',
    copyInstead: 'Kopioi saate ja jaa pelkkä linkki',
    mastodonHubHint:
      'Mastodonin jakosivu kysyy, mitä palvelinta käytät, ja avaa julkaisun siellä tällä saatteella. Kerro palvelimesi asetuksissa, niin pääset suoraan sinne.',
    withdrawnTitle: 'Julkaisu on vedetty pois',
    withdrawn: (program) =>
      `${program} on vetänyt tämän julkaisun pois, joten sitä ei voi enää jakaa täältä. Kiitos silti: seuraavassa koosteessasi on uutta jaettavaa.`,
  },
  sv: {
    subject: (n, title) => (n === 1 ? `Att dela den här veckan: ${title}` : `${n} inlägg att dela den här veckan: ${title} med flera`),
    preheader: (n, program) => `${n === 1 ? 'Ett inlägg' : `${n} inlägg`} från ${program} utvalda för dig, med färdiga texter.`,
    greeting: (name) => `Hej ${name},`,
    intro: (program) =>
      `Här är vad ${program} gärna ser att du delar den här veckan. Texterna är färdiga: kopiera dem eller tryck på en delningsknapp. Länken i texten är din, så dina delningar räknas.`,
    captionFor: (network) => `Text för ${network}`,
    shareOn: (network) => `Dela på ${network}`,
    readArticle: 'Läs artikeln',
    from: 'Från',
    why: (program) => `Du får det här mejlet eftersom du är ambassadör för ${program}.`,
    preferences: 'Välj ämnen, nätverk och hur ofta',
    privacy: 'Vad kaiku sparar om dig',
    unsubscribe: 'Avsluta prenumerationen',
    copyHint: 'Kopiera texten och klistra in den i ditt inlägg.',
    copyAndOpen: (network) => `Kopiera texten och öppna ${network}`,
    openPrefilled: (network) => `Öppna ${network} med den här texten`,
    prefilledHint: 'Texten öppnas färdig i inläggsfönstret; ändra den gärna innan du publicerar.',
    mastodonInstanceNeeded: 'Ange din Mastodon-server i inställningarna, så öppnar knappen den. Kopiera texten så länge:',
    linkedinHint:
      'Den första knappen öppnar LinkedIns inläggsfönster med den här texten ifylld, färdig att ändra innan du publicerar. LinkedIn dokumenterar inte det sättet, så om fönstret öppnas tomt kan du komma tillbaka och använda den andra knappen: den kopierar texten och öppnar LinkedIns delningsfönster med bara länken, där du klistrar in texten.',
    copyInstead: 'Kopiera texten och dela bara länken',
    mastodonHubHint:
      'Mastodons delningssida frågar vilken server du använder och öppnar sedan inlägget där med den här texten. Ange din server i inställningarna för att komma dit direkt.',
    withdrawnTitle: 'Inlägget har dragits tillbaka',
    withdrawn: (program) =>
      `${program} har dragit tillbaka det här inlägget, så det går inte längre att dela det härifrån. Tack ändå: ditt nästa utskick har nya inlägg att dela.`,
  },
  da: {
    subject: (n, title) => (n === 1 ? `Til deling i denne uge: ${title}` : `${n} opslag til deling i denne uge: ${title} og flere`),
    preheader: (n, program) => `${n === 1 ? 'Et opslag' : `${n} opslag`} fra ${program} udvalgt til dig, med færdige tekster.`,
    greeting: (name) => `Hej ${name},`,
    intro: (program) =>
      `Her er det, ${program} gerne vil have dig til at dele i denne uge. Teksterne er klar: kopier dem eller tryk på en deleknap. Linket i teksten er dit, så dine delinger tæller.`,
    captionFor: (network) => `Tekst til ${network}`,
    shareOn: (network) => `Del på ${network}`,
    readArticle: 'Læs artiklen',
    from: 'Fra',
    why: (program) => `Du får denne e-mail, fordi du er ambassadør for ${program}.`,
    preferences: 'Vælg emner, netværk og hvor ofte',
    privacy: 'Hvad kaiku gemmer om dig',
    unsubscribe: 'Afmeld',
    copyHint: 'Kopier teksten, og indsæt den i dit opslag.',
    copyAndOpen: (network) => `Kopier teksten og åbn ${network}`,
    openPrefilled: (network) => `Åbn ${network} med denne tekst`,
    prefilledHint: 'Teksten åbner klar i opslagsvinduet; ret den gerne, før du slår op.',
    mastodonInstanceNeeded: 'Angiv din Mastodon-server i dine indstillinger, så åbner knappen den. Kopier teksten imens:',
    linkedinHint:
      'Den første knap åbner LinkedIns opslagsvindue med denne tekst skrevet ind, klar til at rette, før du slår op. LinkedIn dokumenterer ikke den vej ind, så hvis vinduet åbner tomt, så kom tilbage og brug den anden knap: den kopierer teksten og åbner LinkedIns delevindue med kun linket, hvor du indsætter teksten.',
    copyInstead: 'Kopier teksten og del kun linket',
    mastodonHubHint:
      'Mastodons delingsside spørger, hvilken server du bruger, og åbner så opslaget der med denne tekst. Angiv din server i dine indstillinger for at komme direkte dertil.',
    withdrawnTitle: 'Opslaget er trukket tilbage',
    withdrawn: (program) =>
      `${program} har trukket dette opslag tilbage, så det kan ikke længere deles herfra. Tak alligevel: dit næste nyhedsbrev har nye opslag at dele.`,
  },
};

export function stringsFor(language: string): DigestStrings {
  return DIGEST_STRINGS[language as Language] ?? DIGEST_STRINGS.en;
}
