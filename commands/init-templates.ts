// The files `kaiku init` writes into a new programme folder. kaiku.yaml must stay valid: the package test
// runs `kaiku check` on it.

export const EXAMPLE_KIND_FILE = 'sources/json-posts.ts';

export function kaikuYaml(programName: string): string {
  return `# kaiku's configuration for this programme. \`npm run check\` validates it; \`npm run dev\` runs it.
# Every key is in kaiku's docs/configuration.md. Secrets and addresses never go here: they come from
# the environment (DATABASE_URL, SMTP_URL, KAIKU_SECRET, ...; \`npx kaiku --help\` lists them all).

program:
  name: ${JSON.stringify(programName)}
  hashtags: []                    # appended to every caption, e.g. ["#CityOfHelsinki"]
  defaultLanguage: en             # the language of items whose source does not say
  languages: [en]                 # the languages advocates get posts in
  timeZone: UTC                   # an IANA name such as Europe/Helsinki: digests follow it

# The people who approve content (in \`npm run dev\`, their mail lands at http://127.0.0.1:8080/outbox).
admins:
  - name: Programme admin
    email: admin@example.org

# Kinds of source written in this folder, beside kaiku's own (feed, html). TypeScript or JavaScript.
sourceModules: [./${EXAMPLE_KIND_FILE}]

sources:
  # RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed are all kind: feed.
  - id: news                      # lowercase letters, digits and dashes; it names the source for good
    kind: feed
    url: https://www.example.org/news/rss.xml
    topics: [news]                # items carry their source's topics; advocates choose topics
    pollEvery: 15 minutes

  # The example kind in ${EXAMPLE_KIND_FILE}: an API that answers a JSON list of posts.
  - id: intranet
    kind: json-posts
    url: https://intranet.example.org/api/posts.json
    limit: 20                     # json-posts' own key, checked by its configSchema
    topics: [people]
    enabled: false                # turn it on once url points at your API
`;
}

export const EXAMPLE_KIND = `import { defineSource, FeedParseError, z } from 'kaiku';

/**
 * A kind of source for an API that answers a JSON list of posts:
 * { "posts": [{ "url": "https://...", "title": "...", "summary": "...", "publishedAt": "2026-05-04T08:00:00Z", "tags": ["jobs"] }] }
 * kaiku.yaml lists this file under sourceModules and names the kind in a source (kind: json-posts).
 */
export const jsonPosts = defineSource({
  kind: 'json-posts',
  description: 'Posts from a JSON API',
  // The kind's own keys in kaiku.yaml, beside id, url, topics, ...: strict, so a typo is an error.
  configSchema: z.strictObject({
    limit: z.number().int().min(1).max(100).default(20).meta({ example: '20' }),
  }),
  async fetch({ source, options, http, state, signal }) {
    // A conditional GET: an unchanged API costs one 304.
    const response = await http.get(source.url, { accept: 'application/json', etag: state.etag, lastModified: state.lastModified, signal });
    if (response.notModified) return { notModified: true };
    let body: { posts?: Post[] };
    try {
      body = JSON.parse(response.text()) as { posts?: Post[] };
    } catch {
      throw new FeedParseError(\`\${source.url} did not answer JSON (content type \${response.contentType ?? 'unknown'})\`);
    }
    return {
      items: (body.posts ?? []).slice(0, options.limit).map((post) => ({
        url: post.url,
        title: post.title,
        summary: post.summary,
        publishedAt: post.publishedAt,
        // A tag that names one of the programme's topics becomes a topic of the item.
        categories: post.tags,
      })),
      state: { etag: response.etag, lastModified: response.lastModified },
    };
  },
});

interface Post {
  url: string;
  title?: string;
  summary?: string;
  publishedAt?: string;
  tags?: string[];
}
`;

export function readme(programName: string): string {
  return `# ${programName}

An employee advocacy programme run by kaiku.

\`\`\`sh
npm install
npm run dev      # kaiku dev: everything on this machine (Temporal dev server, PGlite, worker, HTTP server)
npm run check    # kaiku check: validates kaiku.yaml and prints what it configures
\`\`\`

\`npm run dev\` prints the admin page's address (http://127.0.0.1:8080/admin) and the outbox, where every
mail kaiku sends in dev mode lands. It needs the \`temporal\` CLI: on PATH, in \`TEMPORAL_CLI\`, or built once
with Go (\`npx kaiku setup\`). Ctrl-C stops it and everything it started.

Where things are:

| | |
|---|---|
| \`kaiku.yaml\` | the programme: name, languages, admins, sources (every key: kaiku's docs/configuration.md) |
| \`${EXAMPLE_KIND_FILE}\` | an example kind of source written with \`defineSource\` (kaiku's docs/writing-a-source.md) |
| \`data/\` | what \`npm run dev\` keeps between runs: the store, the Temporal dev server, the signing key (\`rm -rf data\` starts over) |

In production, run \`npx kaiku worker\` and \`npx kaiku serve\` against your Temporal server and PostgreSQL
(\`npx kaiku worker --help\` says what each needs).
`;
}

export const GITIGNORE_LINES = ['node_modules/', 'data/'];
