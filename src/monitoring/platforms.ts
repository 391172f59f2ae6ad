// The maintained list of social media platforms and the domains their traffic goes to, including the
// content, API and CDN domains a page or app loads (fbcdn.net, cdninstagram.com, twimg.com...), so
// that use through an app is counted as well as a visit to the home page. A trust may replace or
// extend it (a JSON file of the same shape); every list carries a version so a report can say which
// list its minutes were counted with.
import { getDomain } from "tldts";

export interface Platform {
  /** Stable key used in reports and JSON (`byPlatform`). */
  id: string;
  name: string;
  /** Registrable domains (or more specific hosts) whose traffic is this platform's. */
  domains: string[];
}

export interface PlatformList {
  version: string;
  platforms: Platform[];
}

export const defaultPlatformList: PlatformList = {
  version: "2026-12-01",
  platforms: [
    {
      id: "facebook",
      name: "Facebook",
      domains: [
        "facebook.com",
        "facebook.net",
        "fbcdn.net",
        "fbsbx.com",
        "fb.com",
        "fb.me",
        "fb.watch",
        "facebook.co.uk",
        "messenger.com",
        "m.me",
      ],
    },
    {
      id: "instagram",
      name: "Instagram",
      domains: ["instagram.com", "cdninstagram.com", "ig.me", "instagr.am"],
    },
    { id: "threads", name: "Threads", domains: ["threads.net", "threads.com"] },
    {
      id: "whatsapp",
      name: "WhatsApp",
      domains: ["whatsapp.com", "whatsapp.net", "wa.me"],
    },
    {
      id: "x",
      name: "X (Twitter)",
      domains: ["x.com", "twitter.com", "twimg.com", "t.co", "twttr.com"],
    },
    {
      id: "tiktok",
      name: "TikTok",
      domains: [
        "tiktok.com",
        "tiktokcdn.com",
        "tiktokcdn-us.com",
        "tiktokcdn-eu.com",
        "tiktokv.com",
        "tiktokv.eu",
        "tiktokw.us",
        "ttwstatic.com",
        "byteoversea.com",
        "ibytedtos.com",
        "ibyteimg.com",
        "muscdn.com",
        "musical.ly",
      ],
    },
    {
      id: "snapchat",
      name: "Snapchat",
      domains: ["snapchat.com", "snap.com", "sc-cdn.net", "snapkit.com", "sc-static.net", "snap-dev.net"],
    },
    {
      id: "youtube",
      name: "YouTube",
      domains: ["youtube.com", "youtu.be", "ytimg.com", "googlevideo.com", "youtube-nocookie.com", "yt.be"],
    },
    {
      id: "linkedin",
      name: "LinkedIn",
      domains: ["linkedin.com", "licdn.com", "lnkd.in"],
    },
    {
      id: "pinterest",
      name: "Pinterest",
      domains: ["pinterest.com", "pinterest.co.uk", "pinimg.com", "pin.it"],
    },
    {
      id: "reddit",
      name: "Reddit",
      domains: ["reddit.com", "redd.it", "redditmedia.com", "redditstatic.com", "reddituploads.com"],
    },
    { id: "tumblr", name: "Tumblr", domains: ["tumblr.com"] },
    {
      id: "discord",
      name: "Discord",
      domains: ["discord.com", "discord.gg", "discordapp.com", "discordapp.net", "discord.media"],
    },
    {
      id: "telegram",
      name: "Telegram",
      domains: ["telegram.org", "t.me", "telegram.me", "telesco.pe"],
    },
    { id: "bluesky", name: "Bluesky", domains: ["bsky.app", "bsky.social", "bsky.network"] },
    { id: "mastodon", name: "Mastodon", domains: ["mastodon.social", "joinmastodon.org", "mstdn.social"] },
    { id: "twitch", name: "Twitch", domains: ["twitch.tv", "ttvnw.net", "jtvnw.net"] },
    { id: "bereal", name: "BeReal", domains: ["bereal.com", "bere.al"] },
  ],
};

export type PlatformListResult = { ok: true; list: PlatformList } | { ok: false; message: string };

/** Checks a trust's own list (JSON `{version, platforms:[{id,name,domains}]}`); a domain may belong to one platform only. */
export function validatePlatformList(value: unknown, fileName: string): PlatformListResult {
  const fail = (message: string): PlatformListResult => ({ ok: false, message: `${fileName}: ${message}` });
  if (typeof value !== "object" || value === null) return fail("not a JSON object");
  const { version, platforms } = value as { version?: unknown; platforms?: unknown };
  if (typeof version !== "string" || version === "") return fail("version: missing (a string)");
  if (!Array.isArray(platforms)) return fail("platforms: missing (a list)");
  const seen = new Map<string, string>();
  const out: Platform[] = [];
  for (const [index, raw] of platforms.entries()) {
    const where = `platforms[${index}]`;
    const p = raw as Partial<Platform> | null;
    if (!p || typeof p.id !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(p.id)) {
      return fail(`${where}.id: a lower-case key such as "facebook"`);
    }
    if (typeof p.name !== "string" || p.name === "") return fail(`${where}.name: missing`);
    if (!Array.isArray(p.domains) || p.domains.length === 0) return fail(`${where}.domains: an empty list`);
    const domains: string[] = [];
    for (const d of p.domains) {
      const domain = typeof d === "string" ? d.trim().toLowerCase().replace(/\.$/, "") : "";
      if (!/^[a-z0-9.-]+\.[a-z0-9-]+$/.test(domain)) return fail(`${where}.domains: "${d}" is not a domain`);
      const other = seen.get(domain);
      if (other) return fail(`${where}.domains: ${domain} is already listed under ${other}`);
      seen.set(domain, p.id);
      domains.push(domain);
    }
    out.push({ id: p.id, name: p.name, domains });
  }
  return { ok: true, list: { version, platforms: out } };
}

/**
 * Finds the platform of a host. Matched on the registrable domain (tldts), so every subdomain of
 * fbcdn.net is Facebook, while "notfacebook.com" or "facebook.com.evil.example" is not; an entry more
 * specific than a registrable domain (e.g. "web.example.org") matches that host and its subdomains.
 * Callers cache the answer per distinct host.
 */
export function createPlatformMatcher(list: PlatformList): (host: string) => number {
  const byDomain = new Map<string, number>();
  list.platforms.forEach((platform, index) => {
    for (const domain of platform.domains) byDomain.set(domain, index);
  });
  return (rawHost) => {
    const host = rawHost.toLowerCase().replace(/\.$/, "");
    const registrable = getDomain(host);
    if (!registrable) return -1;
    // Walk from the full host down to the registrable domain: the most specific entry wins.
    let candidate = host;
    while (candidate.length >= registrable.length) {
      const found = byDomain.get(candidate);
      if (found !== undefined) return found;
      if (candidate.length === registrable.length) break;
      const dot = candidate.indexOf(".");
      if (dot < 0) break;
      candidate = candidate.slice(dot + 1);
    }
    return -1;
  };
}
