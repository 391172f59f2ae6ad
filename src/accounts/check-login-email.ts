// 5.3: an official account's login is held on a school email, never a personal one. Pure: the
// login's domain must be the owner's work email domain or one of the trust's school domains.
export type LoginEmailCheck = { ok: true } | { ok: false; message: string };

const EMAIL = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/;

export function domainOf(email: string): string | null {
  const match = EMAIL.exec(email.trim());
  return match ? match[1]!.toLowerCase() : null;
}

export function checkLoginEmail(options: {
  loginEmail: string;
  ownerEmail: string;
  trustDomains: readonly string[];
}): LoginEmailCheck {
  const domain = domainOf(options.loginEmail);
  if (!domain)
    return { ok: false, message: "Enter the login email as an address, like socials@school.org.uk" };
  const allowed = new Set(options.trustDomains.map((d) => d.trim().toLowerCase()).filter(Boolean));
  const ownerDomain = domainOf(options.ownerEmail);
  if (ownerDomain) allowed.add(ownerDomain);
  if (allowed.has(domain)) return { ok: true };
  return {
    ok: false,
    message: `The login must be on a school email (5.3), not ${domain}: use an address at ${[...allowed].join(" or ") || "the school's domain"}`,
  };
}
