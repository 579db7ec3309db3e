import type { LocalStack } from '../../local/stack.ts';

/** What `lindung start` says about the front door; the example users' passwords only on a fresh data folder. */
export function printFrontDoor(stack: LocalStack): void {
  const i = stack.info;
  console.log(`
Front door (API and sign-in):
  API            ${i.api}   (Authorization: Bearer <token>)
  Cognito        ${i.cognito}   user pool ${i.userPoolId}, app client ${i.userPoolClientId}
  sign in: aws cognito-idp initiate-auth --endpoint-url ${i.cognito} --client-id ${i.userPoolClientId} --auth-flow USER_PASSWORD_AUTH --auth-parameters USERNAME=<email>,PASSWORD=<password>`);
  if (stack.exampleUsers.length === 0) return;
  console.log(
    '\nPengguna contoh / example users (kata sandi hanya ditampilkan sekali / passwords shown once):',
  );
  for (const u of stack.exampleUsers)
    console.log(
      `  ${u.role.padEnd(9)} ${u.email.padEnd(36)} ${u.password}${u.desa ? `  desa ${u.desa}` : ''}${u.agency ? `  ${u.agency}` : ''}`,
    );
}
