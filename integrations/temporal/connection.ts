import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** Temporal Cloud API key; implies TLS. */
  apiKey?: string | undefined;
  tls?: boolean | undefined;
}

/** A client for starting workflows and managing Schedules. */
export async function connectClient(target: TemporalTarget): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({
    address: target.address,
    tls: target.tls || target.apiKey ? {} : undefined,
    ...(target.apiKey ? { apiKey: target.apiKey } : {}),
  });
  return { client: new Client({ connection, namespace: target.namespace }), connection };
}

/** The connection a Worker polls with. */
export function connectWorker(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: target.address,
    tls: target.tls || target.apiKey ? {} : undefined,
    ...(target.apiKey ? { apiKey: target.apiKey } : {}),
  });
}
