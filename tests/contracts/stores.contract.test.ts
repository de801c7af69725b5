// [ROOMC1–ROOMC10][SESC1–SESC7] The store contracts, registered once per database.
import { contractDatabases } from './databases.js';
import { roomStoreContractSuite } from './room-store.contract.js';
import { sessionStoreContractSuite } from './session-store.contract.js';

for (const db of contractDatabases()) {
  roomStoreContractSuite(db.name, db.open);
  sessionStoreContractSuite(db.name, db.open);
}
