// The demo program's advocates, as an HR export would list them: four languages, three time zones.
export const DEMO_ROSTER_CSV = `email,name,language,time_zone,branch,topics,networks,mastodon_instance
aino.virtanen@democity.example,Aino Virtanen,fi,Europe/Helsinki,Culture,culture;city,linkedin;x;facebook,
erik.lindqvist@democity.example,Erik Lindqvist,sv,Europe/Helsinki,Libraries,culture,linkedin;bluesky,
mette.jensen@democity.example,Mette Jensen,da,Europe/Copenhagen,Health,jobs;city,linkedin;mastodon,mastodon.social
sam.taylor@democity.example,Sam Taylor,en,Pacific/Auckland,IT,,x;bluesky;linkedin,
`;
