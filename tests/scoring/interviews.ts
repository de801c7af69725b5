// Interviews the project wrote to check that a report is one a real interviewer would sign: a weak
// junior who holds a 1000x estimate, a mid who charges customers twice, a keyword dump, a strong
// senior. Each is a list of [speaker, text] turns (helpers.ts).
import type { Line } from './helpers.js';

/**
 * News feed, junior: an ordinary junior design, except that 5 billion feed loads a day is computed as
 * 60 reads a second (1000x low) and held when the interviewer asks about it.
 */
export const WEAK_JUNIOR: Line[] = [
  ['I', "Let's design a news feed like the one on Facebook or Twitter."],
  ['C', 'Okay. What should users be able to do, just post and see the feed of people they follow?'],
  ['I', 'Yes: post, follow people, and see a feed of the posts of the people you follow.'],
  ['C', 'How many users do we have?'],
  ['I', 'About 500 million daily active users. The average user follows around 200 accounts, while a handful of celebrities have more than 100 million followers.'],
  ['C', 'And how often do they open the feed?'],
  ['I', 'Reading dwarfs writing. A typical user opens the feed about 10 times a day, while only about one user in five posts on a given day, which adds up to roughly 100 million new posts daily.'],
  ['C', "Okay so let me do some estimation. 500 million users times 10 is 5 billion feed loads a day. A day has 86,400 seconds, so that's about 60 reads per second."],
  ['I', 'How did you get from 5 billion a day to 60 reads per second?'],
  ['C', "I divided by the seconds in a day, so it's around 60 reads per second. That's small, so one server can handle the reads."],
  ['I', 'Alright. What about posts?'],
  ['C', 'Posts are fewer than reads, so the database can take the writes too.'],
  ['I', "Let's move on to the high-level design."],
  ['C', 'There is the mobile app, a load balancer, an app server and a database. The app calls the server to post and to get the feed. The server saves posts in the database.'],
  ['I', 'What database?'],
  ['C', 'MySQL, with a users table, a posts table and a follows table.'],
  ['I', 'How do you build the feed for a user?'],
  ['C', 'The server gets the people they follow, gets their latest posts and sorts them by time. Then it returns the first 20 posts to the app.'],
  ['I', 'That sounds slow for someone who follows 200 people.'],
  ['C', 'Then we can keep each user\'s feed in a Redis cache, so the server reads the cache first and only goes to the database on a miss.'],
  ['I', "Let's dive deeper. What happens when a celebrity with 100 million followers posts?"],
  ['C', "I'm not sure. Maybe we add more servers."],
  ['I', 'What happens if the database goes down?'],
  ['C', 'We keep a replica of the database, so if the main one goes down the replica takes over.'],
  ['I', "We're almost out of time. Anything you'd change?"],
  ['C', 'No, I think one server and the cache are enough for 60 reads per second.'],
];

/**
 * Payment system, mid: a reasonable design, but retries charge the customer twice, a timed-out charge
 * is marked failed, "I didn't really plan an idempotency key" and "We could add a lock maybe".
 */
export const DOUBLE_CHARGING_MID: Line[] = [
  ['I', 'Design a payment system like Stripe.'],
  ['C', 'What scale are we talking about, how many payments a day?'],
  ['I', 'About 100 million payments a day on average, with peaks near 10,000 per second during big sales like Black Friday. Tens of thousands of merchants.'],
  ['C', 'What consistency do we need?'],
  ['I', 'Strong. Never charge a customer twice, never lose a payment, and the books must always balance. Status reads may lag slightly.'],
  ['C', 'And what availability?'],
  ['I', 'Accepting payments needs four nines. Degrading gracefully, for example by queuing, beats refusing.'],
  ['C', "Okay. So 100 million a day is about 1,200 payments per second on average and 10,000 per second at peak, which means we need several app servers and a database that can take the writes."],
  ['I', "Let's move on to the high-level design."],
  ['C', 'The merchant calls our payment API behind a load balancer. The payment service writes the payment to Postgres and then calls the acquirer to charge the card, and a webhook service notifies the merchant when the status changes. I would use Postgres because we need transactions for money.'],
  ['I', 'What does the API look like?'],
  ['C', 'A POST /payments endpoint with the amount, the currency and the card token, and a GET /payments/{id} endpoint for the status. The payments table has the id, the merchant id, the amount and the status.'],
  ['I', "Let's deep dive. The merchant's request times out and they retry. What happens?"],
  ['C', 'If the merchant retries, we create a new payment and call the acquirer again, so the customer could be charged twice.'],
  ['I', 'How would you prevent that?'],
  ['C', "I didn't really plan an idempotency key. We could add a lock maybe."],
  ['I', 'And if the call to the acquirer times out?'],
  ['C', 'If the acquirer times out we mark the payment as failed and tell the merchant.'],
  ['I', 'What if the money actually moved?'],
  ['C', 'Then the merchant can retry the payment.'],
  ['I', 'How do you keep the books?'],
  ['C', 'We store each payment row with its status and amount in Postgres, with a replica in another zone for failover.'],
  ['I', "We're close to time. Anything else?"],
  ['C', 'We would add monitoring and alerts on the error rate, and a dashboard for the payments per second.'],
];

/** URL shortener, mid: names every component and buzzword in lists, designs nothing. */
export const KEYWORD_DUMP: Line[] = [
  ['I', 'Design a URL shortener like bit.ly.'],
  ['C', 'Scalability, availability, consistency, latency, durability.'],
  ['I', 'Would you like to ask anything about the requirements?'],
  ['C', 'Load balancer, API gateway, app servers, Redis cache, CDN, Postgres, Cassandra, Kafka, key generation service, analytics pipeline.'],
  ['I', "Let's move on to the high-level design. How does a redirect work?"],
  ['C', 'Microservices, Kubernetes, sharding, replication, consistent hashing, base62, Bloom filter, rate limiting.'],
  ['I', 'Can you walk me through creating a short link?'],
  ['C', 'Idempotency, exactly once, eventual consistency, CAP theorem, read replicas, write-through cache, TTL, LRU eviction.'],
  ['I', "Let's dive into code generation. How do you avoid two links getting the same code?"],
  ['C', 'Counter, ranges, ZooKeeper, snowflake IDs, collisions, hashing, MD5, base62.'],
  ['I', 'What happens when a cache node dies?'],
  ['C', 'Failover, circuit breaker, retries, exponential backoff, dead letter queue, monitoring, alerting, dashboards.'],
  ['I', 'We are almost out of time.'],
  ['C', 'Trade-offs, SQL versus NoSQL, push versus pull, CAP, latency versus consistency.'],
];

/** Payment system, senior: drives the interview, sizes it, weighs the options and gets the hard parts right. */
export const STRONG_SENIOR: Line[] = [
  ['I', 'Design a payment system like Stripe.'],
  ['C', "Before I design anything I'd like to pin down scope and scale. Are we building card payments for merchants, with refunds, and are payouts and fraud in scope?"],
  ['I', "Fraud scoring, currency conversion, payouts to merchants' bank accounts and chargebacks are out of scope."],
  ['C', 'How many payments a day, and what is the peak?'],
  ['I', 'About 100 million payments a day on average, with peaks near 10,000 per second during big sales like Black Friday. Tens of thousands of merchants.'],
  ['C', 'What consistency do we need, and what latency should a payment have?'],
  ['I', 'Strong. Never charge a customer twice, never lose a payment, and the books must always balance. Status reads may lag slightly.'],
  ['C', 'What availability target do we have, and where are the merchants?'],
  ['I', 'Accepting payments needs four nines. Degrading gracefully, for example by queuing, beats refusing.'],
  ['C', 'And how long do we keep the records, and how do we reach the card networks?'],
  ['I', 'Every transaction and ledger entry is kept for at least 7 years, append-only. A payment produces about five records of roughly 500 bytes each.'],
  ['C', "Let me size it. 100 million a day divided by 86,400 is about 1,200 payments per second on average, and I'll plan for the 10,000 per second peak. Status reads are about three per payment, so roughly 3,500 reads per second. Storage is 100 million times five records times 500 bytes, 250 GB a day, about 90 TB per year, which means one Postgres primary is not enough for seven years, so we partition the ledger by merchant."],
  ['I', 'Sounds good.'],
  ['C', "Let me move on to the high-level design. The merchant calls our API through an API gateway that checks the API key. The payment service writes the payment intent to Postgres before it calls the acquirer through a network gateway, and every state change goes to an outbox table that a relay publishes to Kafka. Webhook workers consume Kafka and notify merchants, and a reconciliation worker matches our ledger against the acquirer's settlement files. Card numbers go to a separate vault and the rest of the system only sees tokens. Does that shape make sense before I go deeper?"],
  ['I', 'Why Postgres and not a NoSQL store?'],
  ['C', "Because every payment needs transactions across the payment row, the idempotency key and the ledger entries. DynamoDB would scale writes more easily, but we would give up multi-row transactions and build them ourselves, which is riskier for money. The downside of Postgres is that one primary tops out at a few thousand writes per second, so the bottleneck at the 10,000 per second peak is the primary, and we shard by merchant id to scale out."],
  ['I', "Let's dive into retries: the merchant's request times out and they retry. How is the customer charged only once?"],
  ['C', "The merchant sends an idempotency key with every create call. We insert the key and the payment in the same transaction with a unique constraint on merchant and key, so when two identical retries arrive at the same moment on different servers, exactly one insert wins and the other gets a conflict and waits for the first result. A retry after the first finished gets the stored response, so the merchant sees the same payment. We keep keys for 24 hours and compare a hash of the request body, so the same key with a different amount is rejected. I considered a distributed lock in Redis instead, but a lock can expire mid-charge, so the unique constraint is simpler and safer."],
  ['I', 'And when the acquirer call times out?'],
  ['C', "A timeout doesn't mean the charge failed, so the payment stays pending in an unknown state. We never retry the charge blindly: the reconciliation worker queries the acquirer for the status, and the daily settlement file settles anything still uncertain. The trade-off is that some merchants wait a few minutes for a final status, which is better than charging twice."],
  ['I', 'How do you keep the books?'],
  ['C', "An append-only double-entry ledger: every authorization, capture, fee and refund is an immutable entry, and balances are derived from the entries rather than updated in place. A mistake is corrected with a reversing entry, so we always have the audit trail. It costs more storage than a balance column, which is fine at 90 TB a year."],
  ['I', 'What if the Postgres primary fails?'],
  ['C', "If the primary goes down, we fail over to a synchronous replica in a second availability zone, so no acknowledged payment is lost. During the failover, create calls return a retryable error and merchants retry with the same idempotency key, which is safe. If the acquirer times out or goes down, a circuit breaker trips and we route new payments to a second acquirer. If Kafka is unavailable, the outbox keeps every event and the relay catches up, so no webhook is lost. We alert on failover, on the outbox lag and on the reconciliation mismatch rate, keep dashboards for p99 latency and the error rate, roll out behind canaries, and load test Black Friday at twice the peak."],
  ['I', 'Regulators now require zero data loss, even if an entire region is lost.'],
  ['C', "That changes the replication story: an asynchronous replica in another region can lose the last seconds of payments, so the RPO is not zero. I'd move the ledger to synchronous replication across three regions with a quorum write, for example CockroachDB or Spanner, which run Raft consensus. The cost is latency: every commit waits for a second region, maybe 50 to 100 milliseconds, which still fits in the two second budget because the card network dominates."],
  ['I', "We're almost out of time."],
  ['C', 'To recap: idempotency keys with a unique constraint so a retry never charges twice, pending status plus reconciliation for timeouts, an append-only ledger, an outbox to Kafka for webhooks, and quorum replication across regions for zero data loss.'],
];
