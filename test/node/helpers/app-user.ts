/**
 * What a new user does with a deployed app, through its public URLs: sign up on the frontend,
 * take the JWT, create a task through the backend and list it (a deployment is done when this
 * works, not when pods are Ready).
 */

/**
 * Waits until the URL accepts connections: right after a rollout, kube-proxy may not have
 * programmed a new Service's NodePort yet (connection refused for a few seconds).
 */
async function reachable(url: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** A signed-up user's JWT from the frontend's /api/auth/token. */
export async function signUpAndGetToken(frontendUrl: string, email: string): Promise<string> {
  const origin = frontendUrl;
  await reachable(frontendUrl);
  const signUp = await fetch(`${frontendUrl}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password: 'correct-horse-battery', name: 'New User' }),
  });
  const body = await signUp.text();
  if (signUp.status !== 200 || !body.includes(email)) throw new Error(`sign-up answered ${signUp.status}: ${body}`);
  const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0];
  const token = await fetch(`${frontendUrl}/api/auth/token`, { headers: { cookie, origin } });
  const json = (await token.json()) as { token?: string };
  if (token.status !== 200 || typeof json.token !== 'string') throw new Error(`/api/auth/token answered ${token.status}: ${JSON.stringify(json)}`);
  return json.token;
}

/** Creates a task through the backend with the user's token, and lists the user's tasks. */
export async function createAndListTask(backendUrl: string, token: string, title: string): Promise<{ created: number; tasks: unknown }> {
  const created = await fetch(`${backendUrl}/api/tasks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  const listed = await fetch(`${backendUrl}/api/tasks`, { headers: { authorization: `Bearer ${token}` } });
  return { created: created.status, tasks: listed.status === 200 ? await listed.json() : `${listed.status}: ${await listed.text()}` };
}
