// A fictional city's newsroom and job board, served by kaiku itself so `kaiku dev` works offline.

export interface DemoArticle {
  slug: string;
  language: 'fi' | 'sv' | 'en';
  title: string;
  summary: string;
  body: string;
  hoursAgo: number;
  /** Whether the feed carries the image; the others are found on the article page (og:image). */
  imageInFeed: boolean;
  color: string;
  categories: string[];
}

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    slug: 'uusi-kirjasto-avautuu',
    language: 'fi',
    title: 'Uusi kirjasto avautuu Tikkurilaan maaliskuussa',
    summary: 'Kaupungin uusi pääkirjasto avaa ovensa 3. maaliskuuta. Tiloissa on paikat 400 lukijalle, maker-paja ja lasten satuhuone.',
    body: 'Kirjaston suunnitteluun osallistui yli 2 000 kaupunkilaista. Avajaisviikolla ohjelmassa on konsertteja ja satutunteja.',
    hoursAgo: 3,
    imageInFeed: true,
    color: '#2f6f8f',
    categories: ['kulttuuri'],
  },
  {
    slug: 'hoitajat-palkittiin',
    language: 'fi',
    title: 'Kotihoidon tiimi palkittiin vuoden työyhteisönä',
    summary: 'Itäisen alueen kotihoidon tiimi sai tunnustuksen uudesta vuorosuunnittelusta, joka lisäsi asiakkaiden luona vietettyä aikaa.',
    body: 'Tiimi kehitti vuorolistat yhdessä asiakkaiden kanssa. Malli otetaan käyttöön kaikilla alueilla ensi vuonna.',
    hoursAgo: 20,
    imageInFeed: false,
    color: '#7a4f9a',
    categories: ['työelämä'],
  },
  {
    slug: 'ny-cykelbro',
    language: 'sv',
    title: 'Ny cykelbro förbinder centrum och hamnen',
    summary: 'Den nya bron för gång- och cykeltrafik öppnar i maj och kortar vägen mellan centrum och hamnen med två kilometer.',
    body: 'Bron är byggd av trä från regionen och har uppvärmda ramper för vintern.',
    hoursAgo: 30,
    imageInFeed: true,
    color: '#3c8d5a',
    categories: ['trafik'],
  },
  {
    slug: 'summer-jobs-for-young-people',
    language: 'en',
    title: 'Demo City offers 600 summer jobs for young people',
    summary: 'Applications open on 1 February for summer jobs in parks, libraries, sports venues and elderly care. Everyone aged 15–17 can apply.',
    body: 'Summer workers get a mentor and a paid training day before the season starts.',
    hoursAgo: 44,
    imageInFeed: false,
    color: '#c0712c',
    categories: ['jobs', 'youth'],
  },
  {
    slug: 'veronpalautukset-tilinumero',
    language: 'fi',
    title: 'Tarkista tilinumerosi ennen veronpalautuksia',
    summary: 'Noin 80 000 palautuksen saajalta puuttuu tilinumero. Ilmoita se verkkopalvelussa, niin palautus tulee ajallaan.',
    body: 'Tilinumeron voi ilmoittaa verkkopalvelussa tai palvelupisteessä.',
    hoursAgo: 60,
    imageInFeed: true,
    color: '#a33b3b',
    categories: ['palvelut'],
  },
  {
    slug: 'digital-services-award',
    language: 'en',
    title: 'Our child health clinic goes digital — and wins an award',
    summary: 'Families can now book, chat and follow growth charts online. The service won this year’s national public-sector digital award.',
    body: 'The service was built together with 40 families and the clinic’s nurses.',
    hoursAgo: 80,
    imageInFeed: false,
    color: '#2b5fa8',
    categories: ['digital'],
  },
];

export interface DemoJob {
  slug: string;
  title: string;
  summary: string;
  daysAgo: number;
}

export const DEMO_JOBS: DemoJob[] = [
  { slug: 'sairaanhoitaja-kotihoito', title: 'Sairaanhoitaja, kotihoito', summary: 'Vakituinen, Itäinen alue. Haku päättyy 15.12.', daysAgo: 1 },
  { slug: 'luokanopettaja-koivukyla', title: 'Luokanopettaja, Koivukylän koulu', summary: 'Sijaisuus 1.1.–31.5. Haku päättyy 10.12.', daysAgo: 2 },
  {
    slug: 'ohjelmistokehittaja-digipalvelut',
    title: 'Ohjelmistokehittäjä, digipalvelut',
    summary: 'Vakituinen, etätyö mahdollinen. Haku päättyy 20.12.',
    daysAgo: 4,
  },
];

/** Demo dates move with the calendar day, so the demo looks current yet stays the same all day. */
export function demoDate(hoursAgo: number): Date {
  const today = new Date();
  today.setUTCHours(12, 0, 0, 0);
  return new Date(today.getTime() - hoursAgo * 3_600_000);
}

export function demoImageSvg(label: string, color: string): string {
  const text = label.replace(/[<>&"]/g, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630"><rect width="1200" height="630" fill="${color}"/><circle cx="1040" cy="120" r="180" fill="#ffffff" opacity="0.12"/><text x="80" y="540" font-family="sans-serif" font-size="54" fill="#ffffff">${text}</text><text x="80" y="110" font-family="sans-serif" font-size="34" fill="#ffffff" opacity="0.8">Demo City</text></svg>`;
}
