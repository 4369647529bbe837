import { expect, test } from 'vitest';
import { HostLimiter } from '../../integrations/http/host-limiter.js';

test('never more than perHost tasks at once for one host, while other hosts run alongside', async () => {
  const limiter = new HostLimiter(2);
  const active = new Map<string, number>();
  const peak = new Map<string, number>();
  let activeOverall = 0;
  let peakOverall = 0;
  const task = (host: string) =>
    limiter.run(host, async () => {
      active.set(host, (active.get(host) ?? 0) + 1);
      peak.set(host, Math.max(peak.get(host) ?? 0, active.get(host)!));
      peakOverall = Math.max(peakOverall, ++activeOverall);
      await new Promise((r) => setTimeout(r, 5));
      active.set(host, active.get(host)! - 1);
      activeOverall--;
    });
  await Promise.all([...Array.from({ length: 10 }, () => task('a.example')), ...Array.from({ length: 10 }, () => task('b.example'))]);
  expect(peak.get('a.example')).toBe(2);
  expect(peak.get('b.example')).toBe(2);
  // the two hosts' slots were busy at the same time
  expect(peakOverall).toBe(4);
});

test('a failing task releases its slot', async () => {
  const limiter = new HostLimiter(1);
  await expect(limiter.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  await expect(limiter.run('a', async () => 'next')).resolves.toBe('next');
});
