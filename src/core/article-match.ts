/**
 * Which help articles to suggest while a customer types (SPEC principle 5: suggestions sit beside
 * the form and never stand in the way of sending). Words are compared whole, case- and
 * accent-insensitively, so "Invoices" finds an article titled "Where is my invoice?". Short words
 * ("is", "my", "the") carry no meaning on their own and are left out.
 */
import type { Article } from './schemas.js';

const MIN_WORD = 4;

/** Words of a text, lowercased and without accents; a trailing plural "s" is dropped. */
export function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  for (const word of text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word.length >= MIN_WORD) words.add(word.replace(/s$/, ''));
  }
  return words;
}

/**
 * The articles sharing the most words with the message, best first, at most `limit`. Each article is
 * scored by how many of its title's and keywords' words the message holds.
 */
export function suggestArticles(message: string, articles: readonly Article[], limit = 3): Article[] {
  const said = wordsOf(message);
  if (said.size === 0) return [];
  const seen = new Set<string>();
  return articles
    .map((article) => {
      let score = 0;
      for (const word of wordsOf(`${article.title} ${(article.keywords ?? []).join(' ')}`)) if (said.has(word)) score++;
      return { article, score };
    })
    .filter(({ article, score }) => score > 0 && !seen.has(article.url) && seen.add(article.url))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ article }) => article);
}
