import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export const DOVECOT = '/usr/sbin/dovecot';

export interface Dovecot {
  url: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/**
 * A real IMAP server for the IMAP door's tests: Debian's Dovecot (installed by .ci/run) with its own
 * config, state and Maildir in a temporary directory, plain IMAP on a loopback port, one mailbox user.
 */
export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'kaiku-dovecot-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const uid = execFileSync('id', ['-u', 'dovecot'], { encoding: 'utf8' }).trim();
  const gid = execFileSync('id', ['-g', 'dovecot'], { encoding: 'utf8' }).trim();
  const user = 'approvals';
  const password = 'imap-test-secret';
  mkdirSync(join(dir, 'mail'), { recursive: true });
  mkdirSync(join(dir, 'state'), { recursive: true });
  execFileSync('chown', ['-R', 'dovecot:dovecot', join(dir, 'mail')]);
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}:${uid}:${gid}::${join(dir, 'mail', user)}\n`);
  const config = join(dir, 'dovecot.conf');
  writeFileSync(
    config,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
instance_name = kaiku-test-${port}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = 1
default_internal_user = dovecot
default_login_user = dovenull
log_path = ${join(dir, 'dovecot.log')}
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${join(dir, 'passwd')}
}
userdb {
  driver = passwd-file
  args = ${join(dir, 'passwd')}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  // -F: in the foreground, as our child, so that the test run owns it and nothing outlives it.
  const child = spawn(DOVECOT, ['-F', '-c', config], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`dovecot did not start; see ${join(dir, 'dovecot.log')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX`,
    port,
    user,
    password,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
