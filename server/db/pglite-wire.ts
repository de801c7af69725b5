// The messages between the server's thread and the database worker (pglite-worker.mjs).

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

export interface WireStatement {
  sql: string;
  params: unknown[];
}

export type ToWorker =
  | { op: 'query'; id: number; sql: string; params: unknown[]; rowMode: 'array' | 'object'; tx?: number }
  | { op: 'begin'; id: number }
  | { op: 'end'; id: number; tx: number; commit: boolean }
  /** Groups of statements in one transaction, each group under its own savepoint (no round trips). */
  | { op: 'batch'; id: number; groups: WireStatement[][] }
  | { op: 'close'; id: number };

export type FromWorker =
  | { id: number; result: WireResult }
  | { id: number; error: WireError }
  | { id: number; tx: number }
  | { ready: true }
  | { failed: WireError };
