// [BPC1–BPC8] The backplane contract, registered once per implementation: in-process over
// PGlite (how one process runs) and PostgreSQL (how several nodes run).
import { InProcessBackplane } from '../../server/rooms/in-process-backplane.js';
import { PostgresBackplane } from '../../server/rooms/postgres-backplane.js';
import { createRoomStore } from '../../server/rooms/store.js';
import { backplaneContractSuite } from './backplane.contract.js';
import { contractDatabases } from './databases.js';

for (const db of contractDatabases()) {
  if (db.name === 'PGlite') {
    backplaneContractSuite('in-process on PGlite', async () => {
      const database = await db.open();
      const store = createRoomStore(database.db);
      return { store, backplane: () => new InProcessBackplane(store, { flushMs: 50 }), close: () => database.close() };
    });
  } else {
    backplaneContractSuite('PostgreSQL', async () => {
      const database = await db.open();
      const store = createRoomStore(database.db);
      return { store, backplane: () => new PostgresBackplane(store, database.sql!), close: () => database.close() };
    });
  }
}
