// What became of a link an advocate suggested: an item of its own, one kaiku had already, or a refusal with the reason.
export type SuggestionOutcome =
  { state: 'accepted'; itemId: string; title: string } | { state: 'duplicate'; itemId: string; title: string } | { state: 'refused'; reason: string };
