// The DfE Unique Pupil Number: a check letter then 12 characters (LA code, establishment, year of
// issue, serial). Shared by the import's checks and the demo generator, which must make UPNs that pass.
export const UPN_SHAPE = /^[A-Z]\d{11}[0-9A-Z]$/;
export const UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ";

/** The DfE check letter: characters 2–13 weighted by position, modulo 23. */
export function upnCheckLetter(upn: string): string {
  let sum = 0;
  for (let i = 1; i < 13; i++) {
    const c = upn[i]!;
    const v = /\d/.test(c) ? Number(c) : UPN_LETTERS.indexOf(c);
    sum += v * (i + 1);
  }
  return UPN_LETTERS[sum % 23]!;
}

/** A whole UPN from its 12 characters after the check letter. */
export function withCheckLetter(body: string): string {
  return upnCheckLetter(`?${body}`) + body;
}

export type UpnCheck = { ok: true; value: string; warning: string | null } | { ok: false; problem: string };

/** Normalises a UPN; a problem only when clearly not a UPN, a warning when the check letter is off. */
export function checkUpn(header: string, raw: string): UpnCheck {
  const value = raw.replace(/\s+/g, "").toUpperCase();
  if (!UPN_SHAPE.test(value)) {
    return {
      ok: false,
      problem: `${header} "${raw}" is not a UPN: a UPN is 13 characters, a letter then 12 digits (e.g. B801200005001). Check the column holds UPNs, not admission numbers.`,
    };
  }
  const last = value[12]!;
  const check = /\d/.test(last) || UPN_LETTERS.includes(last) ? upnCheckLetter(value) : null;
  if (check === value[0]) return { ok: true, value, warning: null };
  return {
    ok: true,
    value,
    warning: check
      ? `${header} "${value}" starts with ${value[0]} but its digits give the check letter ${check}; the DfE census will reject it. Check it in your MIS.`
      : `${header} "${value}" ends in ${last}, which a temporary UPN never does. Check it in your MIS.`,
  };
}
