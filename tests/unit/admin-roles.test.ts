import { describe, expect, test } from 'vitest';
import type { AdminEntry, AdminRoster } from '../../model/admin.js';
import { approversOf, authorOf } from '../../rules/approvals/approvers.js';
import { homeOf, mayOpen } from '../../server/admin-access.js';
import { adminFieldsOf, readAdminForm } from '../../server/console/admin-form.js';

// Who decides an item and what each role opens: the rule the approval workflow's plan, the admin page's Decide and
// the console's every request share.

const person = (email: string, role: AdminEntry['role'], topics: string[] = []): AdminEntry => ({
  email,
  name: email.split('@')[0]!,
  role,
  topics,
  approvalMail: 'each',
  origin: 'console',
});
const roster = (admins: AdminEntry[], backups: string[] = []): AdminRoster => ({ admins, backups });
const emails = (list: { email: string }[]) => list.map((a) => a.email);

describe('approversOf', () => {
  const ulla = person('ulla@x.fi', 'admin');
  const hanna = person('hanna@x.fi', 'admin');
  const pia = person('pia@x.fi', 'approver', ['jobs']);
  const otto = person('otto@x.fi', 'approver', ['culture']);
  const ana = person('ana@x.fi', 'analyst');
  const all = roster([ulla, hanna, pia, otto, ana]);

  test('the named approvers and the approvers of the item’s topics decide; backups are the other admins', () => {
    const { approvers, backups } = approversOf(all, ['ulla@x.fi'], ['jobs', 'city']);
    expect(emails(approvers)).toEqual(['ulla@x.fi', 'pia@x.fi']);
    expect(emails(backups)).toEqual(['hanna@x.fi']);
  });

  test('with no one named and no topic approver, the admins decide, never an approver of other topics or an analyst', () => {
    expect(emails(approversOf(all, [], ['city']).approvers)).toEqual(['ulla@x.fi', 'hanna@x.fi']);
  });

  test('an analyst named by a source decides nothing', () => {
    expect(emails(approversOf(all, ['ana@x.fi'], []).approvers)).toEqual(['ulla@x.fi', 'hanna@x.fi']);
  });

  test('a composed post’s author is not asked unless no one else could decide it', () => {
    expect(emails(approversOf(all, [], ['city'], 'ulla@x.fi').approvers)).toEqual(['hanna@x.fi']);
    expect(emails(approversOf(all, ['ulla@x.fi'], ['jobs'], 'ulla@x.fi').approvers)).toEqual(['pia@x.fi']);
    expect(emails(approversOf(roster([ulla, ana]), [], [], 'ulla@x.fi').approvers)).toEqual(['ulla@x.fi']);
    expect(authorOf({ composed_by: 'ulla@x.fi' }, { approval: { authorMayApprove: false } })).toBe('ulla@x.fi');
    expect(authorOf({ composed_by: 'ulla@x.fi' }, { approval: { authorMayApprove: true } })).toBeUndefined();
    expect(authorOf({ composed_by: null }, { approval: { authorMayApprove: false } })).toBeUndefined();
  });

  test('configured backups are asked, analysts among them dropped', () => {
    expect(emails(approversOf(roster([ulla, hanna, pia, ana], ['pia@x.fi', 'ana@x.fi']), ['ulla@x.fi']).backups)).toEqual(['pia@x.fi']);
  });
});

describe('mayOpen', () => {
  test.each([
    ['approver', 'GET', '/', true],
    ['approver', 'GET', '/items/5', true],
    ['approver', 'POST', '/items/5/decide', true],
    ['approver', 'POST', '/items/5/retract', true],
    ['approver', 'GET', '/items/5/urgent', false],
    ['approver', 'POST', '/items/5/urgent/send', false],
    ['approver', 'GET', '/sources', false],
    ['approver', 'GET', '/people', false],
    ['approver', 'GET', '/analytics/digests.csv', true],
    ['analyst', 'GET', '/', false],
    ['analyst', 'GET', '/items/5', false],
    ['analyst', 'POST', '/items/5/decide', false],
    ['analyst', 'GET', '/analytics', true],
    ['analyst', 'GET', '/leaderboards', true],
    ['analyst', 'POST', '/logout', true],
    ['analyst', 'POST', '/sessions/abc/end', false],
    ['admin', 'POST', '/people/new', true],
    ['admin', 'GET', '/a-page-added-tomorrow', true],
    ['approver', 'GET', '/a-page-added-tomorrow', false],
  ] as const)('%s %s %s → %s', (role, method, path, expected) => {
    expect(mayOpen(role, method, path)).toBe(expected);
  });

  test('an analyst lands on the analytics', () => {
    expect(homeOf('analyst')).toBe('/admin/analytics');
    expect(homeOf('approver')).toBe('/admin');
  });
});

describe('readAdminForm', () => {
  const form = (fields: Record<string, string>) =>
    readAdminForm(adminFieldsOf({ email: 'Pia@X.fi', name: 'Pia', role: 'approver', approvalMail: 'each', ...fields }));

  test('an approver of two topics, lower-cased as kaiku.yaml would have them', () => {
    expect(form({ topics: 'Jobs, culture', backup: 'on' })).toEqual({
      ok: true,
      input: { email: 'pia@x.fi', name: 'Pia', role: 'approver', topics: ['jobs', 'culture'], backup: true, approvalMail: 'each', slackUserId: null },
    });
  });

  test.each([
    [{ email: 'not an address' }, 'email', 'expected an email address'],
    [{ name: '' }, 'name', 'give their name'],
    [{ role: 'owner' }, 'role', 'expected a role: admin, approver, analyst'],
    [{ slackUserId: 'pia' }, 'slackUserId', 'a Slack user id looks like U012AB3CD'],
    [{ role: 'admin', topics: 'jobs' }, 'topics', 'topics are for approvers'],
    [{ role: 'analyst', backup: 'on' }, 'backup', 'an analyst decides nothing'],
  ])('%o is refused beside %s', (fields, key, text) => {
    const read = form(fields);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.errors[key as keyof typeof read.errors]).toContain(text);
  });
});
