// The messages between the server's thread and the database worker (pglite-worker.ts).

/** A database error as it crosses threads: PostgreSQL's fields (code: the SQLSTATE) kept. */
export interface WireError {
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  severity?: string;
  where?: string;
  table?: string;
  column?: string;
  constraint?: string;
  schema?: string;
  routine?: string;
}

export interface WireResult {
  rows: unknown[];
  fields: Array<{ name: string; dataTypeID: number }>;
  affectedRows?: number;
}

export type ToWorker =
  | { op: 'query'; id: number; sql: string; params: unknown[]; rowMode: 'array' | 'object'; tx?: number }
  | { op: 'begin'; id: number }
  | { op: 'end'; id: number; tx: number; commit: boolean }
  | { op: 'close'; id: number };

export type FromWorker =
  | { id: number; result: WireResult }
  | { id: number; error: WireError }
  | { id: number; tx: number }
  | { ready: true }
  | { failed: WireError };
