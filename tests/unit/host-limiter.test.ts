import { expect, test } from 'vitest';
import { HostLimiter } from '../../integrations/http/host-limiter.js';

test('never more than perHost tasks at once for one host, while other hosts run alongside', async () => {
  const limiter = new HostLimiter(2);
  const active = new Map<string, number>();
  const peak = new Map<string, number>();
  const task = (host: string) =>
    limiter.run(host, async () => {
      active.set(host, (active.get(host) ?? 0) + 1);
      peak.set(host, Math.max(peak.get(host) ?? 0, active.get(host)!));
      await new Promise((r) => setTimeout(r, 5));
      active.set(host, active.get(host)! - 1);
    });
  const started = Date.now();
  await Promise.all([...Array.from({ length: 10 }, () => task('a.example')), ...Array.from({ length: 10 }, () => task('b.example'))]);
  expect(peak.get('a.example')).toBe(2);
  expect(peak.get('b.example')).toBe(2);
  // two hosts × two slots: 20 tasks of 5 ms take about 5 rounds, not 20
  expect(Date.now() - started).toBeLessThan(20 * 5);
});

test('a failing task releases its slot', async () => {
  const limiter = new HostLimiter(1);
  await expect(limiter.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  await expect(limiter.run('a', async () => 'next')).resolves.toBe('next');
});
