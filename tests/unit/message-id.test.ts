import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { approvalMessageId } from '../../rules/approvals/addresses.js';
import { approverDigest } from '../../rules/tokens/approval-token.js';
import { mailMessageId } from '../../rules/tokens/message-id.js';
import { Secret } from '../../rules/tokens/secret.js';
import { testConfig, testConfigInput } from '../helpers/harness.js';

const ITEM = 'itm_0123456789abcdef01234567';
const ADA = 'ada@testcity.example';
const one = new Secret('the first test secret, long enough!!');
const other = new Secret('another test secret, also long enough');

describe('Message-IDs', () => {
  test('an approval mail id is the same on every retry, and differs by secret, kind, item and approver', async () => {
    const { config } = await testConfig(testConfigInput([]));
    const id = approvalMessageId(config, one, 'request', ITEM, ADA);
    expect(id).toMatch(/^<request\.[a-z2-7]{26}@kaiku\.localhost>$/);
    expect(approvalMessageId(config, one, 'request', ITEM, ADA)).toBe(id);
    expect(approvalMessageId(config, other, 'request', ITEM, ADA)).not.toBe(id);
    expect(approvalMessageId(config, one, 'reminder', ITEM, ADA)).not.toBe(id);
    expect(approvalMessageId(config, one, 'request', 'itm_0123456789abcdef01234568', ADA)).not.toBe(id);
    expect(approvalMessageId(config, one, 'request', ITEM, 'bo@testcity.example')).not.toBe(id);
  });

  test('an approval mail id reveals neither the item id nor anything derived from the address', async () => {
    const { config } = await testConfig(testConfigInput([]));
    const id = approvalMessageId(config, one, 'request', ITEM, ADA);
    const oldStyleHash = createHash('sha256').update(ADA).digest('hex').slice(0, 12);
    for (const leak of [ITEM, ITEM.slice(4), ITEM.slice(4, 12), ADA, 'ada', oldStyleHash, approverDigest(ADA), approverDigest(ADA).slice(0, 6)])
      expect(id.toLowerCase(), leak).not.toContain(leak);
    // and it is not the id of the old scheme, which anyone could compute
    expect(id).not.toBe(`<request.${ITEM}.${oldStyleHash}@kaiku.localhost>`);
  });

  test('label and parts cannot be shifted into one another', () => {
    expect(mailMessageId(one, 'd.example', 'nudge', ['a', 'b'])).not.toBe(mailMessageId(one, 'd.example', 'nudge', ['a,b']));
    expect(mailMessageId(one, 'd.example', 'nudge', ['ab'])).not.toBe(mailMessageId(one, 'd.example', 'nudg', ['eab']));
  });
});
