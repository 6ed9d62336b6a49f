// `npm run operator:create -- --email E --county AGS [--name N] [--admin]`: a local account for
// the transport office (counties without an identity provider). Prints the initial password and
// the otpauth URI for the authenticator app once; neither is stored in clear text.
import { createOperatorAccount } from '@app/application';
import { loadConfigOrExit } from '@app/config';
import { createDataSource } from '@app/persistence';
import { parseArgs } from 'node:util';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      county: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'boolean', default: false },
    },
  });
  if (!values.email || (!values.admin && !values.county)) {
    console.error(
      'usage: npm run operator:create -- --email E --county AGS [--name N]\n' +
        '       npm run operator:create -- --email E --admin [--county AGS] [--name N]',
    );
    process.exit(2);
  }
  const config = loadConfigOrExit();
  const ds = createDataSource(config.DATABASE_URL);
  await ds.initialize();
  try {
    const created = await createOperatorAccount(ds, {
      email: values.email,
      role: values.admin ? 'admin' : 'operator',
      countyCode: values.county,
      name: values.name,
    });
    console.log(`Created ${created.account.role} ${created.account.email}`);
    console.log(`Initial password (shown once): ${created.password}`);
    console.log('Authenticator app (scan as QR code or enter the secret):');
    console.log(created.otpauthUri);
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).message ?? e);
  process.exit(1);
});
