// Single sign-on with OpenID Connect (Microsoft Entra ID, Google Workspace, or any compliant
// provider), through openid-client: discovery, PKCE, state and nonce checks are the library's.
import * as oidc from "openid-client";
import type { OidcProviderConfig } from "../config";

const discovered = new Map<string, Promise<oidc.Configuration>>();

export function providerConfiguration(
  provider: OidcProviderConfig,
  allowHttp: boolean,
): Promise<oidc.Configuration> {
  const key = `${provider.id}|${provider.issuer}|${provider.clientId}`;
  let found = discovered.get(key);
  if (!found) {
    found = oidc.discovery(
      new URL(provider.issuer),
      provider.clientId,
      undefined,
      oidc.ClientSecretPost(provider.clientSecret),
      allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
    // A failed discovery (provider down) must not be cached for ever.
    found.catch(() => discovered.delete(key));
    discovered.set(key, found);
  }
  return found;
}

export async function beginSignIn(configuration: oidc.Configuration, redirectUri: string) {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { url, state, nonce, codeVerifier };
}

/** The verified email the provider vouches for: Google's `email`, or Entra's `email`/`preferred_username`. */
export async function finishSignIn(
  configuration: oidc.Configuration,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<{ email: string; name: string | null }> {
  const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error("The identity provider sent no ID token.");
  let profile: Record<string, unknown> = claims;
  if (!claims.email && !claims.preferred_username) {
    // Some providers keep the email out of the ID token and give it from userinfo instead;
    // openid-client checks that the userinfo subject is the ID token's.
    profile = {
      ...(await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub)),
      sub: claims.sub,
    };
  }
  if (profile.email_verified === false)
    throw new Error("The identity provider says this email address is not verified.");
  const email = (profile.email ?? profile.preferred_username) as string | undefined;
  if (!email?.includes("@"))
    throw new Error("The identity provider did not say which email address this is.");
  return { email: email.toLowerCase(), name: (profile.name as string | undefined) ?? null };
}
