/**
 * Slack's message markup both ways: text going out is escaped so that it shows as written and pings no one;
 * text coming in is read back into the words the person typed.
 */

/**
 * `&`, `<` and `>` as Slack asks them escaped, so that `<!channel>` in a report or a question is shown, not sent.
 * `@channel` and the like get a zero-width space: Slack ignores them in text, but Slack-compatible servers ping.
 */
export function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone|all)\b/gi, '@\u200b$1');
}

/** A link to an http(s) URL, its label escaped; the label alone when the URL is missing or of another kind. */
export function link(url: string | null | undefined, label: string): string {
  const escaped = escapeText(label);
  if (!url || !/^https?:\/\//i.test(url)) return escaped;
  // `|` and `>` would end the URL inside `<url|label>`; percent-encoded they mean the same.
  const safe = url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c)).replace(/&/g, '&amp;');
  return `<${safe}|${escaped}>`;
}

/**
 * A message's text as typed: the bot's own mention removed, other mentions and specials (`<!here>`) dropped,
 * links and channels read by their labels, and `&amp;`, `&lt;`, `&gt;` unescaped.
 */
export function typedText(text: string, botUserId?: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_token, inner: string) => {
      const bar = inner.indexOf('|');
      const target = bar < 0 ? inner : inner.slice(0, bar);
      if (botUserId && target === `@${botUserId}`) return ' ';
      if (bar >= 0) return inner.slice(bar + 1);
      return /^[@!#]/.test(target) ? '' : target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}
