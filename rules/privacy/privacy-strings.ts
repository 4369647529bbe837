import type { Language } from '../../model/advocate.js';

// The words of the advocate's "What kaiku records about you" page (/privacy/<token>), one catalogue per
// language kaiku writes digests in. What it says is what db/personal-data.ts lists and docs/privacy.md explains.

export interface PrivacyStrings {
  title: string;
  intro(program: string): string;
  recordedTitle: string;
  /** What is recorded, one line each. */
  recorded: readonly string[];
  whyTitle: string;
  why: string;
  howLongTitle: string;
  howLong(months: number): string;
  whoTitle: string;
  who: string;
  notRecorded: string;
  yourDataTitle: string;
  download: string;
  eraseTitle: string;
  eraseExplain(immediate: boolean): string;
  eraseButton: string;
  erased: string;
  requested: string;
  alreadyRequested: string;
  /** An admin declined the request, with their reason; the advocate may ask again. */
  declined(reason: string): string;
  preferencesLink: string;
}

export const PRIVACY_STRINGS: Record<Language, PrivacyStrings> = {
  en: {
    title: 'What kaiku records about you',
    intro: (program) => `${program} uses kaiku to send you posts to share. This is everything it records about you, and how to see it or have it erased.`,
    recordedTitle: 'What is recorded',
    recorded: [
      'Your name, work email, language, time zone and branch, from the roster or the directory.',
      'Your choices: topics, networks, how often, pauses, and whether your name may be shown on leaderboards.',
      'Which posts each digest brought you, and when it was sent and opened.',
      'When you opened a share page or shared a post, and clicks on your links: the day, the network, and a code for the clicking browser that changes every day.',
      'Your points and rewards, links you suggested, and the mails kaiku sent you.',
    ],
    whyTitle: 'Why',
    why: 'To send you posts that fit you, in your language, at your hour; to count your shares and clicks once for your points; and to show the programme which content works, in totals.',
    howLongTitle: 'For how long',
    howLong: (months) =>
      `Clicks and shares one by one: ${months} months, then only daily totals per post and branch remain. Everything else: while you are in the programme, or until you ask to erase it.`,
    whoTitle: 'Who sees it',
    who: 'The programme’s communicators see the roster (your name and address) and totals per branch, source and network, never a view of one person. Leaderboards show your name only if you chose that on your preferences page.',
    notRecorded: 'Not recorded: what you post on social media, your followers, or who clicked your links.',
    yourDataTitle: 'See your data',
    download: 'Download my data (JSON)',
    eraseTitle: 'Erase your data',
    eraseExplain: (immediate) =>
      immediate
        ? 'Your name, address, settings and click codes are erased at once and for good; no more mail comes. Totals you counted in stay, naming no one.'
        : 'A communicator confirms the erasure; then your name, address, settings and click codes are erased for good and no more mail comes. Totals you counted in stay, naming no one.',
    eraseButton: 'Ask to erase my data',
    erased: 'Your data has been erased. kaiku holds nothing more that names you, and sends you no more mail.',
    requested: 'Your request was received. A communicator will confirm it, and your data will then be erased.',
    alreadyRequested: 'You have asked for your data to be erased; a communicator will confirm it.',
    declined: (reason) =>
      `A communicator declined your request to erase your data, for this reason: “${reason}”. You may ask again below; if you think this is wrong, you may also complain to your data protection authority.`,
    preferencesLink: 'Your digest settings',
  },
  fi: {
    title: 'Mitä kaiku tallentaa sinusta',
    intro: (program) =>
      `${program} lähettää sinulle kaikun avulla jaettavia julkaisuja. Tässä on kaikki, mitä siitä tallentuu sinusta, ja miten näet tai poistatat tiedot.`,
    recordedTitle: 'Mitä tallennetaan',
    recorded: [
      'Nimesi, työsähköpostisi, kielesi, aikavyöhykkeesi ja yksikkösi henkilöluettelosta tai hakemistosta.',
      'Valintasi: aiheet, palvelut, tahti, tauot ja saako nimesi näkyä tulostaululla.',
      'Mitä julkaisuja kukin kooste toi sinulle ja milloin se lähetettiin ja avattiin.',
      'Milloin avasit jakosivun tai jaoit julkaisun, ja linkkiesi klikkaukset: päivä, palvelu ja klikkaavan selaimen tunniste, joka vaihtuu joka päivä.',
      'Pisteesi ja palkintosi, ehdottamasi linkit ja kaikun sinulle lähettämät viestit.',
    ],
    whyTitle: 'Miksi',
    why: 'Jotta saat sinulle sopivia julkaisuja omalla kielelläsi omaan aikaasi, jotta jakosi ja klikkaukset lasketaan pisteiksi vain kerran, ja jotta ohjelma näkee yhteenvetoina, mikä sisältö toimii.',
    howLongTitle: 'Kuinka kauan',
    howLong: (months) =>
      `Yksittäiset klikkaukset ja jaot: ${months} kuukautta, sen jälkeen jäävät vain päiväkohtaiset summat julkaisuittain ja yksiköittäin. Muu: niin kauan kuin olet mukana ohjelmassa tai kunnes pyydät poistamaan tiedot.`,
    whoTitle: 'Kuka näkee',
    who: 'Ohjelman viestijät näkevät henkilöluettelon (nimesi ja osoitteesi) ja summat yksiköittäin, lähteittäin ja palveluittain, eivät koskaan yhden ihmisen näkymää. Tulostaululla nimesi näkyy vain, jos valitsit niin asetuksissasi.',
    notRecorded: 'Ei tallenneta: mitä julkaiset somessa, seuraajiasi tai sitä, kuka linkkejäsi klikkasi.',
    yourDataTitle: 'Katso tietosi',
    download: 'Lataa tietoni (JSON)',
    eraseTitle: 'Poista tietosi',
    eraseExplain: (immediate) =>
      immediate
        ? 'Nimesi, osoitteesi, asetuksesi ja klikkaustunnisteet poistetaan heti ja pysyvästi, eikä viestejä enää tule. Summat, joihin olet vaikuttanut, jäävät ketään nimeämättä.'
        : 'Viestijä vahvistaa poiston; sen jälkeen nimesi, osoitteesi, asetuksesi ja klikkaustunnisteet poistetaan pysyvästi, eikä viestejä enää tule. Summat jäävät ketään nimeämättä.',
    eraseButton: 'Pyydä poistamaan tietoni',
    erased: 'Tietosi on poistettu. Kaikussa ei ole enää mitään, mikä nimeää sinut, eikä sinulle lähetetä enää viestejä.',
    requested: 'Pyyntösi on vastaanotettu. Viestijä vahvistaa sen, ja sitten tietosi poistetaan.',
    alreadyRequested: 'Olet pyytänyt tietojesi poistamista; viestijä vahvistaa sen.',
    declined: (reason) =>
      `Viestijä hylkäsi pyyntösi tietojesi poistamisesta tällä perusteella: ”${reason}”. Voit pyytää uudelleen alla; jos pidät päätöstä vääränä, voit myös tehdä valituksen tietosuojavaltuutetulle.`,
    preferencesLink: 'Koosteesi asetukset',
  },
  sv: {
    title: 'Vad kaiku sparar om dig',
    intro: (program) => `${program} skickar dig inlägg att dela med kaiku. Här är allt som sparas om dig, och hur du ser det eller får det raderat.`,
    recordedTitle: 'Vad som sparas',
    recorded: [
      'Ditt namn, din jobbmejl, ditt språk, din tidszon och din enhet, från personallistan eller katalogen.',
      'Dina val: ämnen, nätverk, hur ofta, pauser och om ditt namn får visas på topplistor.',
      'Vilka inlägg varje sammanfattning gav dig, och när den skickades och öppnades.',
      'När du öppnade en delningssida eller delade ett inlägg, och klick på dina länkar: dagen, nätverket och en kod för den klickande webbläsaren som byts varje dag.',
      'Dina poäng och belöningar, länkar du föreslagit och mejlen kaiku skickat dig.',
    ],
    whyTitle: 'Varför',
    why: 'För att skicka dig inlägg som passar dig, på ditt språk, vid din tid; för att räkna dina delningar och klick en gång till dina poäng; och för att visa programmet vilket innehåll som fungerar, i summor.',
    howLongTitle: 'Hur länge',
    howLong: (months) =>
      `Klick och delningar ett och ett: ${months} månader, sedan finns bara dagliga summor per inlägg och enhet kvar. Allt annat: så länge du är med i programmet eller tills du ber om radering.`,
    whoTitle: 'Vem som ser det',
    who: 'Programmets kommunikatörer ser personallistan (ditt namn och din adress) och summor per enhet, källa och nätverk, aldrig en vy över en person. Topplistor visar ditt namn bara om du valt det i dina inställningar.',
    notRecorded: 'Sparas inte: vad du publicerar i sociala medier, dina följare eller vem som klickade på dina länkar.',
    yourDataTitle: 'Se dina uppgifter',
    download: 'Ladda ner mina uppgifter (JSON)',
    eraseTitle: 'Radera dina uppgifter',
    eraseExplain: (immediate) =>
      immediate
        ? 'Ditt namn, din adress, dina inställningar och klickkoder raderas genast och för gott; inga fler mejl kommer. Summor du räknats in i blir kvar utan att nämna någon.'
        : 'En kommunikatör bekräftar raderingen; sedan raderas ditt namn, din adress, dina inställningar och klickkoder för gott och inga fler mejl kommer. Summor blir kvar utan att nämna någon.',
    eraseButton: 'Be om att mina uppgifter raderas',
    erased: 'Dina uppgifter har raderats. kaiku har inget kvar som nämner dig och skickar dig inga fler mejl.',
    requested: 'Din begäran har tagits emot. En kommunikatör bekräftar den, och sedan raderas dina uppgifter.',
    alreadyRequested: 'Du har bett om att dina uppgifter raderas; en kommunikatör bekräftar det.',
    declined: (reason) =>
      `En kommunikatör avslog din begäran om att radera dina uppgifter, med motiveringen: ”${reason}”. Du kan begära igen nedan; om du anser att beslutet är fel kan du också klaga hos dataskyddsmyndigheten.`,
    preferencesLink: 'Inställningar för din sammanfattning',
  },
  da: {
    title: 'Hvad kaiku gemmer om dig',
    intro: (program) => `${program} sender dig opslag at dele med kaiku. Her er alt, hvad der gemmes om dig, og hvordan du ser det eller får det slettet.`,
    recordedTitle: 'Hvad der gemmes',
    recorded: [
      'Dit navn, din arbejdsmail, dit sprog, din tidszone og din enhed, fra medarbejderlisten eller kataloget.',
      'Dine valg: emner, netværk, hvor ofte, pauser, og om dit navn må vises på topplister.',
      'Hvilke opslag hver oversigt bragte dig, og hvornår den blev sendt og åbnet.',
      'Hvornår du åbnede en delingsside eller delte et opslag, og klik på dine links: dagen, netværket og en kode for den klikkende browser, som skifter hver dag.',
      'Dine point og præmier, links du har foreslået, og de mails kaiku har sendt dig.',
    ],
    whyTitle: 'Hvorfor',
    why: 'For at sende dig opslag, der passer til dig, på dit sprog, på dit tidspunkt; for at tælle dine delinger og klik én gang til dine point; og for at vise programmet, hvilket indhold der virker, i summer.',
    howLongTitle: 'Hvor længe',
    howLong: (months) =>
      `Klik og delinger enkeltvis: ${months} måneder, derefter er der kun daglige summer pr. opslag og enhed tilbage. Alt andet: så længe du er med i programmet, eller indtil du beder om sletning.`,
    whoTitle: 'Hvem der ser det',
    who: 'Programmets kommunikatører ser medarbejderlisten (dit navn og din adresse) og summer pr. enhed, kilde og netværk, aldrig en visning af én person. Topplister viser kun dit navn, hvis du har valgt det i dine indstillinger.',
    notRecorded: 'Gemmes ikke: hvad du slår op på sociale medier, dine følgere, eller hvem der klikkede på dine links.',
    yourDataTitle: 'Se dine data',
    download: 'Download mine data (JSON)',
    eraseTitle: 'Slet dine data',
    eraseExplain: (immediate) =>
      immediate
        ? 'Dit navn, din adresse, dine indstillinger og klikkoder slettes med det samme og for altid; der kommer ikke flere mails. Summer, du talte med i, bliver stående uden at nævne nogen.'
        : 'En kommunikatør bekræfter sletningen; derefter slettes dit navn, din adresse, dine indstillinger og klikkoder for altid, og der kommer ikke flere mails. Summer bliver stående uden at nævne nogen.',
    eraseButton: 'Bed om at få mine data slettet',
    erased: 'Dine data er slettet. kaiku har intet tilbage, der nævner dig, og sender dig ikke flere mails.',
    requested: 'Din anmodning er modtaget. En kommunikatør bekræfter den, og derefter slettes dine data.',
    alreadyRequested: 'Du har bedt om at få dine data slettet; en kommunikatør bekræfter det.',
    declined: (reason) =>
      `En kommunikatør afviste din anmodning om at slette dine data med begrundelsen: »${reason}«. Du kan anmode igen nedenfor; mener du, at afgørelsen er forkert, kan du også klage til Datatilsynet.`,
    preferencesLink: 'Indstillinger for din oversigt',
  },
};

export function privacyStringsFor(language: string): PrivacyStrings {
  return PRIVACY_STRINGS[language as Language] ?? PRIVACY_STRINGS.en;
}
