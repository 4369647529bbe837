import type { Language } from '../../model/advocate.js';

// The words of the engagement cycles (the digest's standing and board, nudges, rewards, suggestions) in
// each language kaiku writes to advocates.

export interface EngagementStrings {
  yourPoints(points: number, rank: number | null, of: number): string;
  boardTitle: string;
  branchBoardTitle(branch: string): string;
  anonymous(branch: string | null): string;
  points(n: number): string;
  suggest: string;
  nudgeSubject(program: string): string;
  nudgeBody(firstName: string, program: string): string;
  nudgeBest: string;
  snooze: string;
  rewardSubject(month: string): string;
  rewardBody(firstName: string, month: string, points: number, prize: string, kind: 'top' | 'draw', rank: number): string;
  suggestTitle: string;
  suggestIntro: string;
  suggestUrl: string;
  suggestNote: string;
  suggestSend: string;
  suggestThanks: string;
  suggestKnown: string;
  snoozed(until: string): string;
  showName: string;
}

export const ENGAGEMENT_STRINGS: Record<Language, EngagementStrings> = {
  en: {
    yourPoints: (p, rank, of) =>
      rank ? `You have ${p} points this month: #${rank} of ${of}.` : `No points yet this month: share one post to get on the board.`,
    boardTitle: 'Top advocates this month',
    branchBoardTitle: (branch) => `Top in ${branch} this month`,
    anonymous: (branch) => (branch ? `An advocate from ${branch}` : 'An advocate'),
    points: (n) => `${n} pts`,
    suggest: 'Suggest a link to share',
    nudgeSubject: (program) => `We miss your shares, ${program} has something good for you`,
    nudgeBody: (name, program) => `Hi ${name}, it has been a while since your last share. Here is this week's most shared post from ${program}, caption ready:`,
    nudgeBest: 'Share it',
    snooze: 'Snooze these reminders for a month',
    rewardSubject: (month) => `You won in ${month}!`,
    rewardBody: (name, month, p, prize, kind, rank) =>
      `Congratulations ${name}! With ${p} points you ${kind === 'top' ? `placed #${rank}` : 'were drawn among the steady sharers'} in ${month}. Your reward: ${prize}. The programme's team will be in touch to hand it over.`,
    suggestTitle: 'Suggest a link',
    suggestIntro: 'Seen something worth sharing? Send it in: the communicators review it, and if it is approved you earn points.',
    suggestUrl: 'Link (https://…)',
    suggestNote: 'Why it is worth sharing (optional)',
    suggestSend: 'Send the suggestion',
    suggestThanks: 'Thank you! Your suggestion is with the communicators for approval.',
    suggestKnown: 'Thank you! kaiku already has this link; your suggestion is credited to you.',
    snoozed: (until) => `Done: no reminders until ${until}. Your weekly digest still comes as usual.`,
    showName: 'Show my name on the leaderboards (otherwise I appear as “an advocate from” my branch)',
  },
  fi: {
    yourPoints: (p, rank, of) =>
      rank ? `Sinulla on ${p} pistettä tässä kuussa: sija ${rank}/${of}.` : 'Ei vielä pisteitä tässä kuussa: yksi jako riittää listalle.',
    boardTitle: 'Kuukauden aktiivisimmat',
    branchBoardTitle: (branch) => `Kuukauden aktiivisimmat: ${branch}`,
    anonymous: (branch) => (branch ? `Lähettiläs, ${branch}` : 'Lähettiläs'),
    points: (n) => `${n} p`,
    suggest: 'Ehdota jaettavaa linkkiä',
    nudgeSubject: (program) => `${program}: meillä olisi sinulle jaettavaa`,
    nudgeBody: (name, program) => `Hei ${name}, edellisestä jaostasi on hetki. Tässä viikon jaetuin sisältö (${program}), saate valmiina:`,
    nudgeBest: 'Jaa se',
    snooze: 'Torkuta muistutukset kuukaudeksi',
    rewardSubject: (month) => `Voitit kuussa ${month}!`,
    rewardBody: (name, month, p, prize, kind, rank) =>
      `Onnittelut ${name}! ${p} pisteellä ${kind === 'top' ? `sijoituit ${rank}.` : 'sinut arvottiin ahkerien jakajien joukosta'} (${month}). Palkintosi: ${prize}. Ohjelman tiimi ottaa yhteyttä.`,
    suggestTitle: 'Ehdota linkkiä',
    suggestIntro: 'Näitkö jotain jakamisen arvoista? Lähetä se: viestijät tarkistavat sen, ja hyväksytystä ehdotuksesta saat pisteitä.',
    suggestUrl: 'Linkki (https://…)',
    suggestNote: 'Miksi sitä kannattaa jakaa (vapaaehtoinen)',
    suggestSend: 'Lähetä ehdotus',
    suggestThanks: 'Kiitos! Ehdotuksesi on viestijöillä hyväksyttävänä.',
    suggestKnown: 'Kiitos! Linkki on jo kaikussa; ehdotus on kirjattu sinulle.',
    snoozed: (until) => `Selvä: ei muistutuksia ennen ${until}. Viikkokirje tulee kuten ennenkin.`,
    showName: 'Näytä nimeni pistelistoilla (muuten näyn muodossa “lähettiläs, yksikköni”)',
  },
  sv: {
    yourPoints: (p, rank, of) =>
      rank ? `Du har ${p} poäng den här månaden: plats ${rank} av ${of}.` : 'Inga poäng än den här månaden: ett delat inlägg räcker.',
    boardTitle: 'Månadens flitigaste ambassadörer',
    branchBoardTitle: (branch) => `Månadens flitigaste i ${branch}`,
    anonymous: (branch) => (branch ? `En ambassadör från ${branch}` : 'En ambassadör'),
    points: (n) => `${n} p`,
    suggest: 'Föreslå en länk att dela',
    nudgeSubject: (program) => `${program} har något bra för dig att dela`,
    nudgeBody: (name, program) => `Hej ${name}, det var ett tag sedan du delade något. Här är veckans mest delade inlägg från ${program}, med färdig text:`,
    nudgeBest: 'Dela det',
    snooze: 'Pausa påminnelserna en månad',
    rewardSubject: (month) => `Du vann i ${month}!`,
    rewardBody: (name, month, p, prize, kind, rank) =>
      `Grattis ${name}! Med ${p} poäng ${kind === 'top' ? `kom du på plats ${rank}` : 'drogs du bland de flitiga delarna'} i ${month}. Din belöning: ${prize}. Programmets team hör av sig.`,
    suggestTitle: 'Föreslå en länk',
    suggestIntro: 'Sett något värt att dela? Skicka in det: kommunikatörerna granskar det, och godkänns det får du poäng.',
    suggestUrl: 'Länk (https://…)',
    suggestNote: 'Varför det är värt att dela (frivilligt)',
    suggestSend: 'Skicka förslaget',
    suggestThanks: 'Tack! Ditt förslag väntar på kommunikatörernas godkännande.',
    suggestKnown: 'Tack! kaiku har redan länken; förslaget räknas dig till godo.',
    snoozed: (until) => `Klart: inga påminnelser före ${until}. Veckobrevet kommer som vanligt.`,
    showName: 'Visa mitt namn på topplistorna (annars syns jag som ”en ambassadör från” min enhet)',
  },
  da: {
    yourPoints: (p, rank, of) => (rank ? `Du har ${p} point denne måned: nr. ${rank} af ${of}.` : 'Ingen point endnu denne måned: ét delt opslag er nok.'),
    boardTitle: 'Månedens mest aktive ambassadører',
    branchBoardTitle: (branch) => `Månedens mest aktive i ${branch}`,
    anonymous: (branch) => (branch ? `En ambassadør fra ${branch}` : 'En ambassadør'),
    points: (n) => `${n} point`,
    suggest: 'Foreslå et link til deling',
    nudgeSubject: (program) => `${program} har noget godt, du kan dele`,
    nudgeBody: (name, program) =>
      `Hej ${name}, det er et stykke tid siden, du sidst delte noget. Her er ugens mest delte opslag fra ${program}, med færdig tekst:`,
    nudgeBest: 'Del det',
    snooze: 'Sæt påmindelserne på pause i en måned',
    rewardSubject: (month) => `Du vandt i ${month}!`,
    rewardBody: (name, month, p, prize, kind, rank) =>
      `Tillykke ${name}! Med ${p} point ${kind === 'top' ? `blev du nr. ${rank}` : 'blev du trukket blandt de flittige delere'} i ${month}. Din belønning: ${prize}. Programmets team kontakter dig.`,
    suggestTitle: 'Foreslå et link',
    suggestIntro: 'Set noget, der er værd at dele? Send det ind: kommunikatørerne ser på det, og bliver det godkendt, får du point.',
    suggestUrl: 'Link (https://…)',
    suggestNote: 'Hvorfor det er værd at dele (valgfrit)',
    suggestSend: 'Send forslaget',
    suggestThanks: 'Tak! Dit forslag venter på kommunikatørernes godkendelse.',
    suggestKnown: 'Tak! kaiku har allerede linket; forslaget er krediteret dig.',
    snoozed: (until) => `Klaret: ingen påmindelser før ${until}. Dit ugebrev kommer som normalt.`,
    showName: 'Vis mit navn på ranglisterne (ellers vises jeg som ”en ambassadør fra” min afdeling)',
  },
};

export function engagementStringsFor(language: string): EngagementStrings {
  return ENGAGEMENT_STRINGS[language as Language] ?? ENGAGEMENT_STRINGS.en;
}
