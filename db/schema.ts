import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { SourceState } from '../activities/sources/define-source.js';

type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type SourceHealth = 'pending' | 'healthy' | 'unhealthy';
export type ItemState = 'pending' | 'approved' | 'rejected' | 'expired';

export interface SourcesTable {
  id: string;
  kind: string;
  name: string;
  url: string;
  topics: Json<string[]>;
  settings: Json<Record<string, unknown>>;
  active: Generated<boolean>;
  health: Generated<SourceHealth>;
  last_error: string | null;
  failure_count: Generated<number>;
  fetch_state: Json<SourceState>;
  content_hash: string | null;
  last_changed_at: NullableTimestamp;
  last_failed_at: NullableTimestamp;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ItemsTable {
  id: string;
  /** The canonical URL: what advocates share and what dedup is on. */
  url: string;
  source_id: string;
  title: string;
  summary: string | null;
  image_url: string | null;
  author: string | null;
  language: string | null;
  topics: Json<string[]>;
  categories: Json<string[]>;
  published_at: NullableTimestamp;
  state: Generated<ItemState>;
  approval_started_at: NullableTimestamp;
  discovered_at: DefaultTimestamp;
}

export interface ItemSourcesTable {
  item_id: string;
  source_id: string;
  guid: string | null;
  seen_url: string;
  first_seen_at: DefaultTimestamp;
}

export interface Database {
  sources: SourcesTable;
  items: ItemsTable;
  item_sources: ItemSourcesTable;
}

export type SourceRow = Selectable<SourcesTable>;
export type ItemRow = Selectable<ItemsTable>;
export type NewItem = Insertable<ItemsTable>;
