// Reading the candidate's numbers (server/SPEC.md: EST).
import { describe, expect, it } from 'vitest';
import { formatQuantity, judge, parseQuantities, parseQuantity } from '../../server/understanding/quantities.js';

const read = (text: string) => parseQuantities(text).map((q) => [q.kind, q.value]);

describe('quantities', () => {
  it('[EST1] reads rates in the ways people say them', () => {
    expect(read('about 12k QPS')).toEqual([['qps', 12_000]]);
    expect(read('1,200 writes/s and 3.5k reads per second')).toEqual([['qps', 1_200], ['qps', 3_500]]);
    expect(read('1.5 million requests per second')).toEqual([['qps', 1_500_000]]);
    expect(read('10k rps, 200 TPS')).toEqual([['qps', 10_000], ['qps', 200]]);
    expect(read('40 req/s')).toEqual([['qps', 40]]);
  });

  it('[EST1] reads storage per period as per year, plain sizes as bytes, and bandwidth as bits/s', () => {
    expect(read('5 TB per year')).toEqual([['bytes_per_year', 5e12]]);
    expect(read('500GB/day')).toEqual([['bytes_per_year', 500e9 * 365]]);
    expect(read('2 PB a month')).toEqual([['bytes_per_year', 24e15]]);
    expect(read('a total of 3 TB')).toEqual([['bytes', 3e12]]);
    expect(read('200 Mbps, 1.5 Gbps')).toEqual([['bps', 2e8], ['bps', 1.5e9]]);
    expect(read('100 MB/s egress')).toEqual([['bps', 8e8]]);
  });

  it('[EST1] reads scientific notation, glued scales, megabits and words between size and period', () => {
    expect(read('5e3 QPS at peak')).toEqual([['qps', 5_000]]);
    expect(read('about 1kQPS')).toEqual([['qps', 1_000]]);
    expect(read('40 Mb/s per stream, 2 Gbit/s in all')).toEqual([['bps', 40e6], ['bps', 2e9]]);
    expect(read('40 MB/s of uploads')).toEqual([['bps', 320e6]]);
    expect(read('1.5TB of new data per day')).toEqual([['bytes_per_year', 1.5e12 * 365]]);
    expect(read('2 GB of logs every month')).toEqual([['bytes_per_year', 24e9]]);
    // A number inside a token is not a number of its own.
    expect(read('v2.5k QPS')).toEqual([]);
  });

  it('[EST1] ignores numbers without units and ambiguous "b"', () => {
    expect(read('3b users, 100 servers, 99.9% uptime')).toEqual([]);
    expect(read('we have 20 shards')).toEqual([]);
  });

  it('[EST1] parseQuantity wants exactly one quantity', () => {
    expect(parseQuantity('1k QPS')?.value).toBe(1000);
    expect(parseQuantity('1k QPS and 2k QPS')).toBeUndefined();
    expect(parseQuantity('lots')).toBeUndefined();
  });

  it('[EST2] judges by order of magnitude', () => {
    expect(judge(2_000, 1_000, 5_000)).toEqual({ verdict: 'in_range', factor: 1 });
    expect(judge(12_000, 1_000, 5_000)).toMatchObject({ verdict: 'close', factor: 2.4 });
    expect(judge(200, 1_000, 5_000)).toMatchObject({ verdict: 'close', factor: 0.2 });
    expect(judge(60_000, 1_000, 5_000).verdict).toBe('off');
    expect(judge(10, 1_000, 5_000).verdict).toBe('off');
  });

  it('[EST2] writes values back in the units people use', () => {
    expect(formatQuantity('qps', 12_000)).toBe('12k QPS');
    expect(formatQuantity('bytes_per_year', 18.25e12)).toBe('18 TB/year');
    expect(formatQuantity('bps', 2e8)).toBe('200 Mbps');
    expect(formatQuantity('bytes', 500)).toBe('500 B');
  });
});
