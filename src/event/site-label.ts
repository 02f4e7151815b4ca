/**
 * Labels for profile and session links, given by the event adapters (which
 * load lazily, so the widgets' own bundles do not carry this table).
 */
const SITES: [RegExp, string][] = [
  [/(^|\.)(twitter|x)\.com$/, 'X (Twitter)'],
  [/(^|\.)linkedin\.com$/, 'LinkedIn'],
  [/(^|\.)github\.com$/, 'GitHub'],
  [/(^|\.)gitlab\.com$/, 'GitLab'],
  [/(^|\.)bsky\.app$/, 'Bluesky'],
  [/(^|\.)facebook\.com$/, 'Facebook'],
  [/(^|\.)instagram\.com$/, 'Instagram'],
  [/(^|\.)(youtube\.com|youtu\.be)$/, 'YouTube'],
  [/(^|\.)sessionize\.com$/, 'Sessionize'],
  [/(^|\.)threads\.net$/, 'Threads'],
];

/** Sessionize `linkType` values, and similar hints from other sources. */
const HINTS = new Map(Object.entries({
  twitter: 'X (Twitter)',
  x: 'X (Twitter)',
  linkedin: 'LinkedIn',
  blog: 'Blog',
  company_website: 'Company website',
  companywebsite: 'Company website',
  website: 'Website',
  facebook: 'Facebook',
  instagram: 'Instagram',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  github: 'GitHub',
  youtube: 'YouTube',
}));

/**
 * A human label for a profile link: the site it points to when that is well
 * known, else the source's own hint or title, else the host name.
 */
export function siteLabel(url: string, hint?: string, title?: string): string {
  const u = new URL(url);
  if (u.protocol === 'mailto:') return 'Email';
  const host = u.hostname.replace(/^www\./, '');
  for (const [pattern, label] of SITES) if (pattern.test(host)) return label;
  if (/^\/@[\w.]+\/?$/.test(u.pathname)) return 'Mastodon';
  const fromHint = hint ? HINTS.get(hint.toLowerCase().replace(/[\s-]+/g, '_')) : undefined;
  return fromHint ?? title?.slice(0, 80) ?? host;
}
