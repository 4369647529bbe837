import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { tracingClientInterceptors } from '../telemetry/tracing.js';

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** Temporal Cloud API key; implies TLS. */
  apiKey?: string | undefined;
  tls?: boolean | undefined;
}

/** A client for starting workflows and managing Schedules; its calls carry the caller's trace when tracing is on. */
export async function connectClient(target: TemporalTarget): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({
    address: target.address,
    tls: target.tls || target.apiKey ? {} : undefined,
    ...(target.apiKey ? { apiKey: target.apiKey } : {}),
  });
  const interceptors = tracingClientInterceptors();
  return { client: new Client({ connection, namespace: target.namespace, ...(interceptors ? { interceptors } : {}) }), connection };
}

/** The connection a Worker polls with. */
export function connectWorker(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: target.address,
    tls: target.tls || target.apiKey ? {} : undefined,
    ...(target.apiKey ? { apiKey: target.apiKey } : {}),
  });
}
