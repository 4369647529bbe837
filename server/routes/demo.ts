import { Hono } from 'hono';
import { html } from 'hono/html';
import { DEMO_ARTICLES, DEMO_JOBS, demoDate, demoImageSvg } from '../demo/content.js';

/** The demo program's sources: an RSS feed, its article pages (with og: tags) and a job listing page. */
export function demoRoutes() {
  const app = new Hono();

  app.get('/feed.xml', (c) => {
    const origin = new URL(c.req.url).origin;
    const items = DEMO_ARTICLES.map(
      (article) => `    <item>
      <title>${escapeXml(article.title)}</title>
      <link>${origin}/demo/articles/${article.slug}?utm_source=rss&amp;utm_medium=feed</link>
      <guid isPermaLink="false">democity-${article.slug}</guid>
      <description>${escapeXml(article.summary)}</description>
      <pubDate>${demoDate(article.hoursAgo).toUTCString()}</pubDate>
      <dc:language>${article.language}</dc:language>
${article.categories.map((category) => `      <category>${escapeXml(category)}</category>`).join('\n')}
${article.imageInFeed ? `      <media:content url="${origin}/demo/images/${article.slug}.svg" medium="image" type="image/svg+xml"/>` : ''}
    </item>`,
    ).join('\n');
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Demo City news</title>
    <link>${origin}/demo/</link>
    <description>News from Demo City, served by kaiku's demo</description>
    <language>fi</language>
${items}
  </channel>
</rss>
`;
    return c.body(body, 200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: `"demo-feed-${demoDate(0).toISOString().slice(0, 10)}"` });
  });

  app.get('/articles/:slug', (c) => {
    const article = DEMO_ARTICLES.find((a) => a.slug === c.req.param('slug'));
    if (!article) return c.notFound();
    const origin = new URL(c.req.url).origin;
    return c.html(
      demoPage({
        language: article.language,
        title: article.title,
        description: article.summary,
        image: `${origin}/demo/images/${article.slug}.svg`,
        publishedAt: demoDate(article.hoursAgo),
        body: article.body,
      }),
    );
  });

  app.get('/jobs', (c) =>
    c.html(
      html`<!doctype html>
        <html lang="fi">
          <head>
            <meta charset="utf-8" />
            <title>Avoimet työpaikat – Demo City</title>
          </head>
          <body>
            <h1>Avoimet työpaikat</h1>
            <ul class="jobs">
              ${DEMO_JOBS.map(
                (job) =>
                  html`<li class="job">
                    <a href="/demo/jobs/${job.slug}">${job.title}</a>
                    <p class="summary">${job.summary}</p>
                    <time datetime="${demoDate(job.daysAgo * 24).toISOString()}"
                      >${demoDate(job.daysAgo * 24)
                        .toISOString()
                        .slice(0, 10)}</time
                    >
                  </li>`,
              )}
            </ul>
          </body>
        </html>`,
    ),
  );

  app.get('/jobs/:slug', (c) => {
    const job = DEMO_JOBS.find((j) => j.slug === c.req.param('slug'));
    if (!job) return c.notFound();
    const origin = new URL(c.req.url).origin;
    return c.html(
      demoPage({
        language: 'fi',
        title: job.title,
        description: job.summary,
        image: `${origin}/demo/images/job-${job.slug}.svg`,
        publishedAt: demoDate(job.daysAgo * 24),
      }),
    );
  });

  app.get('/images/:name{.+\\.svg}', (c) => {
    const slug = c.req.param('name').replace(/\.svg$/, '');
    const article = DEMO_ARTICLES.find((a) => a.slug === slug);
    const job = DEMO_JOBS.find((j) => `job-${j.slug}` === slug);
    if (!article && !job) return c.notFound();
    const svg = article ? demoImageSvg(article.title.slice(0, 34), article.color) : demoImageSvg(job!.title.slice(0, 34), '#455a64');
    return c.body(svg, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' });
  });

  return app;
}

/** An article page as a city's site serves it: the og: tags are what enrichment reads. */
function demoPage(page: { language: string; title: string; description: string; image: string; publishedAt: Date; body?: string }) {
  return html`<!doctype html>
    <html lang="${page.language}">
      <head>
        <meta charset="utf-8" />
        <title>${page.title} – Demo City</title>
        <meta name="description" content="${page.description}" />
        <meta property="og:title" content="${page.title}" />
        <meta property="og:description" content="${page.description}" />
        <meta property="og:image" content="${page.image}" />
        <meta property="og:site_name" content="Demo City" />
        <meta property="article:published_time" content="${page.publishedAt.toISOString()}" />
      </head>
      <body>
        <h1>${page.title}</h1>
        <p><strong>${page.description}</strong></p>
        ${page.body ? html`<p>${page.body}</p>` : ''}
      </body>
    </html>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
