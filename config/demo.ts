/**
 * The program `kaiku dev` runs when there is no config file: a fictional city whose news feed and
 * job listing kaiku serves itself (server/routes/demo.ts), so the whole flow works offline.
 */
export function demoConfig(baseUrl: string): Record<string, unknown> {
  return {
    program: {
      name: 'Demo City employee advocates',
      hashtags: ['#DemoCityWorks'],
      defaultLanguage: 'fi',
      languages: ['fi', 'sv', 'en'],
      timeZone: 'Europe/Helsinki',
    },
    email: { from: 'Demo City advocates <kaiku@democity.example>' },
    admins: [
      { name: 'Ulla Demo', email: 'ulla.demo@democity.example' },
      { name: 'Hanna Demo', email: 'hanna.demo@democity.example' },
    ],
    sources: [
      {
        id: 'demo-news',
        kind: 'feed',
        name: 'Demo City news',
        url: `${baseUrl}/demo/feed.xml`,
        topics: ['city', 'culture'],
        pollEvery: '5 minutes',
        approvers: ['ulla.demo@democity.example'],
        allowPrivateAddresses: true,
      },
      {
        id: 'demo-jobs',
        kind: 'html',
        name: 'Demo City open positions',
        url: `${baseUrl}/demo/jobs`,
        topics: ['jobs'],
        language: 'fi',
        pollEvery: '15 minutes',
        approvers: ['hanna.demo@democity.example'],
        allowPrivateAddresses: true,
        selectors: { item: 'li.job', link: 'a', title: 'a', summary: '.summary', date: 'time' },
      },
    ],
  };
}
