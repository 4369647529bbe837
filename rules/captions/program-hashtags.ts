// The programme's hashtags, and where they come from: the one rule. kaiku.yaml's `program.hashtags` win and are
// read-only in the console; when the yaml sets none, the hashtags written in the console are the programme's.

export interface ProgramHashtags {
  tags: readonly string[];
  /** Where they are set: in kaiku.yaml (read-only in the console), in the console, or nowhere yet. */
  from: 'kaiku.yaml' | 'console' | 'none';
}

/** The programme's hashtags from the yaml's and the console's (undefined: none stored). */
export function programHashtags(yaml: readonly string[], stored: readonly string[] | undefined): ProgramHashtags {
  if (yaml.length > 0) return { tags: yaml, from: 'kaiku.yaml' };
  if (stored && stored.length > 0) return { tags: stored, from: 'console' };
  return { tags: [], from: 'none' };
}

/**
 * The programme's hashtags in effect now, read at each use so that a change on the captions page holds without
 * a restart.
 *
 * @example const [first] = await hashtagsInEffect(store.captions, config.program.hashtags);
 */
export async function hashtagsInEffect(stored: { hashtags(): Promise<readonly string[] | undefined> }, yaml: readonly string[]): Promise<readonly string[]> {
  return programHashtags(yaml, await stored.hashtags()).tags;
}
