// What an item is, as every layer speaks of it: its state, the networks it is shared on, its captions and
// how it was decided. The store's tables, the rules and the workflows all use these names.

export type ItemState = 'pending' | 'approved' | 'rejected' | 'expired';
export type SourceHealth = 'pending' | 'healthy' | 'unhealthy';

export type Network = 'linkedin' | 'x' | 'facebook' | 'bluesky' | 'mastodon' | 'threads' | 'whatsapp';
export type DecisionChannel = 'email' | 'link' | 'admin' | 'slack' | 'teams' | 'system';
export type ApprovalEventKind = 'requested' | 'reminded' | 'escalated' | 'approved' | 'rejected' | 'refused' | 'expired' | 'confirmed';

/** The captions of an item, one per network, in the item's language; `edited` when an approver rewrote them. */
export interface ItemCaptions {
  language: string;
  networks: Record<Network, string>;
  edited: boolean;
  /**
   * The console's variants of a network's caption, the first being `networks[network]`: each advocate is given one
   * (rules/captions/caption-variants.ts). Absent on items proposed before templates, and for a network with one caption.
   */
  variants?: Partial<Record<Network, string[]>>;
}
