import { describe, expect, test } from 'vitest';
import { refusalOf, refusalReasonOf, refusalText, type DecisionRefusal } from '../../rules/approvals/decisions.js';
import { proposeCaptions } from '../../rules/captions/captions.js';
import { adminFieldsOf, readAdminForm } from '../../server/console/admin-form.js';
import { CONSOLE_STRINGS } from '../../server/console/console-strings.js';
import { formRefusalText, type FormRefusal } from '../../server/form-guard.js';
import { formatMoment } from '../../rules/digests/digest-moment.js';

// The words of the Admins page, of a refused decision, of a refused form and of the OpenID sign-in's refusals in
// Finnish and Swedish (issue 17): each refusal is data beside its English words, and each language says the data.

const time = (iso: string) => `<${iso}>`;
const approvers = [{ email: 'ada@x', name: 'Ada' }];
const context = {
  captions: proposeCaptions({
    title: 'Kesätyöt 2027',
    summary: 'Hae kesätöihin.',
    url: 'https://www.testcity.example/kesatyot',
    language: 'fi',
    hashtags: ['#TestCity'],
  }),
  link: 'https://www.testcity.example/kesatyot',
  hashtag: '#TestCity',
};
const request = { decision: 'approve' as const, actor: 'ada@x', channel: 'admin' as const };

describe('a refused decision', () => {
  test('as data, its English is what refusalOf has always said', () => {
    const decision = { outcome: 'rejected' as const, by: approvers[0]!, at: '2026-11-23T10:00:00.000Z', channel: 'slack' as const, captions: context.captions };
    const cases = [{ approvers, decision }, { approvers, expiredAt: '2026-11-30T10:00:00.000Z' }, { approvers: [{ email: 'bo@x', name: 'Bo' }] }];
    for (const state of cases) expect(refusalText(refusalReasonOf(state, request, context)!)).toBe(refusalOf(state, request, context));
    expect(refusalOf(cases[0]!, request, context)).toBe(
      'This item was already rejected by Ada <ada@x> at 2026-11-23T10:00:00.000Z in Slack. Nothing was changed.',
    );
    const long = refusalReasonOf({ approvers }, { ...request, captions: { networks: { x: 'x'.repeat(300) } } }, context);
    expect(long).toMatchObject({ kind: 'captions', problems: [{ network: 'x', limit: 280 }] });
    expect(refusalText(long!)).toMatch(/^The X caption is 3\d\d characters long; X allows 280 .* Nothing was changed; send the caption again, shorter\.$/);
    expect(refusalReasonOf({ approvers }, { ...request, decision: 'reject', reason: 'r'.repeat(2001) }, context)).toEqual({ kind: 'long reason' });
    expect(refusalReasonOf({ approvers }, request, context)).toBeUndefined();
  });

  test('English repeats the recorded words; Finnish and Swedish say the data, each instant on the clock they are given', () => {
    const decided: DecisionRefusal = {
      kind: 'decided',
      decision: { outcome: 'approved', by: { email: 'britt@x', name: 'Britt' }, at: '2026-11-23T10:00:00.000Z', channel: 'link' },
    };
    expect(CONSOLE_STRINGS.en.decided.refused(decided, 'as recorded', time)).toBe('as recorded');
    expect(CONSOLE_STRINGS.fi.decided.refused(decided, '', time)).toBe(
      'Tästä sisällöstä on jo päätetty: Britt <britt@x> hyväksyi sen <2026-11-23T10:00:00.000Z> sähköpostin linkillä. Mitään ei muutettu.',
    );
    expect(CONSOLE_STRINGS.sv.decided.refused(decided, '', time)).toBe(
      'Det här innehållet har redan godkänts av Britt <britt@x> <2026-11-23T10:00:00.000Z> via länk i e-post. Inget ändrades.',
    );
    const captions: DecisionRefusal = {
      kind: 'captions',
      problems: [
        { network: 'x', length: 312, limit: 280, text: '' },
        { network: 'bluesky', length: 305, limit: 300, text: '' },
      ],
    };
    expect(CONSOLE_STRINGS.fi.decided.refused(captions, '', time)).toBe(
      'Kanavan X saateteksti on 312 merkkiä pitkä; X sallii 280 (merkkiä, linkki lasketaan 23 merkiksi). Lyhennä sitä 32 merkillä. ' +
        'Kanavan Bluesky saateteksti on 305 merkkiä pitkä; Bluesky sallii 300 (merkkiä (emoji lasketaan yhdeksi)). Lyhennä sitä 5 merkillä. ' +
        'Mitään ei muutettu; lähetä saateteksti uudelleen lyhyempänä.',
    );
    expect(CONSOLE_STRINGS.sv.decided.refused({ kind: 'expired', at: undefined }, '', time)).toBe('Det här innehållet gick ut utan beslut. Inget ändrades.');
    expect(CONSOLE_STRINGS.fi.decided.refused({ kind: 'not an approver', actor: 'eve@x', approvers: ['Ada', 'Bo'] }, '', time)).toBe(
      'eve@x ei ole tämän sisällön hyväksyjä; sen hyväksyjät ovat Ada, Bo. Mitään ei muutettu.',
    );
  });

  test('when it goes out, in each language', () => {
    const at = new Date('2026-11-30T06:30:00Z');
    expect(formatMoment(at, 'Europe/Helsinki')).toBe('Monday 30 November at 08:30 (Europe/Helsinki)');
    expect(formatMoment(at, 'Europe/Helsinki', 'fi')).toBe('maanantai 30. marraskuuta klo 08.30 (Europe/Helsinki)');
    expect(formatMoment(at, 'Europe/Helsinki', 'sv')).toBe('måndag 30 november kl. 08:30 (Europe/Helsinki)');
  });
});

describe('the Admins form', () => {
  const form = (fields: Record<string, string>, language: 'fi' | 'sv' | 'en') =>
    readAdminForm(adminFieldsOf({ email: 'pia@x.fi', name: 'Pia', role: 'approver', approvalMail: 'each', ...fields }), CONSOLE_STRINGS[language].people);

  test.each<[Record<string, string>, string, string, string, string]>([
    [
      { email: 'not an address' },
      'email',
      'expected an email address',
      'anna sähköpostiosoite, esimerkiksi pia@vantaa.fi',
      'ange en e-postadress, till exempel pia@vantaa.fi',
    ],
    [{ name: '' }, 'name', 'give their name', 'anna hänen nimensä', 'ange personens namn'],
    [{ name: 'n'.repeat(201) }, 'name', 'a name has at most 200 characters', 'nimessä voi olla enintään 200 merkkiä', 'ett namn får ha högst 200 tecken'],
    [{ role: 'owner' }, 'role', 'expected a role: admin, approver, analyst', 'valitse rooli: ylläpitäjä, hyväksyjä tai analyytikko', 'välj en roll'],
    [
      { slackUserId: 'bob' },
      'slackUserId',
      'a Slack user id looks like U012AB3CD',
      'Slackin jäsentunnus on muotoa U012AB3CD',
      'ett Slack-medlems-id ser ut som U012AB3CD',
    ],
    [{ role: 'analyst', backup: 'on' }, 'backup', 'an analyst decides nothing', 'analyytikko ei päätä mistään', 'en analytiker beslutar inte om något'],
  ])('%o: refused in English (the schema’s words), Finnish and Swedish', (fields, key, en, fi, sv) => {
    for (const [language, says] of [
      ['en', en],
      ['fi', fi],
      ['sv', sv],
    ] as const) {
      const read = form(fields, language);
      expect(read.ok, language).toBe(false);
      if (!read.ok) expect(read.errors[key as keyof typeof read.errors], language).toContain(says);
    }
  });

  test('each role’s choice names the role as the roles section does, and says what it does', () => {
    const { people, roles } = CONSOLE_STRINGS.sv;
    expect(people.role(roles.names.approver, people.roleDoes.approver)).toBe('Godkännare: beslutar om innehållet från sina källor och ämnen');
    const en = CONSOLE_STRINGS.en;
    expect(en.people.role(en.roles.names.admin, en.people.roleDoes.admin)).toBe('Admin: runs everything in the console');
  });
});

describe('a refused form', () => {
  test.each<[FormRefusal, string, string]>([
    [
      { kind: 'same-site' },
      'the browser says it was sent from another site on this domain',
      'selaimen mukaan se lähetettiin toiselta saman verkkotunnuksen sivustolta',
    ],
    [{ kind: 'cross-site' }, 'the browser says it was sent from another site', 'selaimen mukaan se lähetettiin toiselta sivustolta'],
    [
      { kind: 'origin', origin: 'https://evil.example' },
      'it was sent from https://evil.example, not from kaiku',
      'se lähetettiin osoitteesta https://evil.example eikä kaikusta',
    ],
    [{ kind: 'no token' }, 'the form carries no token of kaiku', 'lomakkeessa ei ole kaikun tunnistetta'],
    [{ kind: 'no cookie' }, 'this browser did not send kaiku’s form cookie', 'selain ei lähettänyt kaikun lomake-evästettä'],
    [{ kind: 'wrong token' }, 'the form’s token does not belong to this page or browser', 'lomakkeen tunniste ei kuulu tälle sivulle tai tälle selaimelle'],
  ])('%o in English and Finnish', (refusal, en, fi) => {
    expect(formRefusalText(refusal, CONSOLE_STRINGS.en.refused.reasons)).toBe(en);
    expect(formRefusalText(refusal, CONSOLE_STRINGS.fi.refused.reasons)).toBe(fi);
    expect(formRefusalText(refusal, CONSOLE_STRINGS.sv.refused.reasons)).not.toBe(en);
  });
});

describe('the OpenID sign-in’s refusals', () => {
  test('English keeps the rule’s words; Finnish and Swedish say the refusal', () => {
    const refusal = { kind: 'another admin' as const, email: 'ada@x', claim: 'oid' };
    expect(CONSOLE_STRINGS.en.oidc.refused('Entra', refusal, 'ada@x is an admin whose oid is a different one')).toBe(
      'Entra signed you in, but ada@x is an admin whose oid is a different one',
    );
    expect(CONSOLE_STRINGS.fi.oidc.refused('Entra', refusal, '')).toBe('Entra tunnisti sinut, mutta ada@x on ylläpitäjä, jonka oid-tunniste on eri');
    expect(CONSOLE_STRINGS.sv.oidc.refused('Entra', { kind: 'not an admin', program: 'Vantaa' }, '')).toBe(
      'Entra identifierade dig, men du är inte administratör i Vantaa',
    );
  });
});
