// Decides whether an uploaded file may go into the evidence vault, where staff keep their replies
// rejecting approaches from pupils and ex-pupils (8.3.2). The type is judged by the file's
// content, never by its name or the browser's word, and anything that could run script when a
// senior leader opens it (HTML, SVG, programs) is refused.
import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";

export interface CheckEvidenceFileOptions {
  bytes: Uint8Array;
  /** The name the file was uploaded with, e.g. "screenshot.png" (a browser may prefix a fake path). */
  declaredName: string;
  /** The media type the browser or client claimed, if any. */
  declaredType?: string;
  maxBytes: number;
}

export interface EvidenceFileProblem {
  field: "file";
  message: string;
}

export type CheckEvidenceFileResult =
  | { ok: true; mediaType: string; extension: string; sha256: string }
  | { ok: false; error: EvidenceFileProblem };

interface AcceptedType {
  label: string;
  mediaType: string;
  /** Names a file of this type may carry; the first is the one we store it under. */
  extensions: readonly string[];
  /** Media types a browser may claim for it. */
  claimedTypes: readonly string[];
}

// Keyed by file-type's `ext`. Screenshots (PNG, JPEG, HEIC from iPhones, WebP, GIF) and PDFs
// (saved conversations) are what staff will keep.
const acceptedBinary: Record<string, AcceptedType> = {
  png: {
    label: "a PNG image",
    mediaType: "image/png",
    extensions: ["png"],
    claimedTypes: ["image/png", "image/x-png"],
  },
  jpg: {
    label: "a JPEG image",
    mediaType: "image/jpeg",
    extensions: ["jpg", "jpeg", "jpe", "jfif"],
    claimedTypes: ["image/jpeg", "image/jpg", "image/pjpeg"],
  },
  gif: { label: "a GIF image", mediaType: "image/gif", extensions: ["gif"], claimedTypes: ["image/gif"] },
  webp: {
    label: "a WebP image",
    mediaType: "image/webp",
    extensions: ["webp"],
    claimedTypes: ["image/webp"],
  },
  heic: {
    label: "a HEIC image",
    mediaType: "image/heic",
    extensions: ["heic", "heif"],
    claimedTypes: ["image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"],
  },
  pdf: {
    label: "a PDF document",
    mediaType: "application/pdf",
    extensions: ["pdf"],
    claimedTypes: ["application/pdf", "application/x-pdf"],
  },
};

// Plain text has no signature, so here the name decides which kind of text it is; the content
// must still be UTF-8 without NULs and must not be markup.
const acceptedText: Record<string, AcceptedType> = {
  txt: { label: "a text file", mediaType: "text/plain", extensions: ["txt"], claimedTypes: ["text/plain"] },
  eml: {
    label: "a saved email",
    mediaType: "message/rfc822",
    extensions: ["eml"],
    claimedTypes: ["message/rfc822", "text/plain"],
  },
  csv: {
    label: "a CSV file",
    mediaType: "text/csv",
    extensions: ["csv"],
    // Windows browsers report CSV as Excel's type.
    claimedTypes: ["text/csv", "text/plain", "application/csv", "text/x-csv", "application/vnd.ms-excel"],
  },
};

// Claims that tell us nothing about the content.
const uninformativeClaims = new Set([
  "",
  "application/octet-stream",
  "binary/octet-stream",
  "application/unknown",
]);

const programs = new Set([
  "exe",
  "elf",
  "macho",
  "class",
  "wasm",
  "swf",
  "apk",
  "msi",
  "dll",
  "deb",
  "rpm",
  "dmg",
]);
const archives = new Set(["zip", "rar", "7z", "gz", "tar", "bz2", "xz", "cab", "zst", "lz", "lzh", "ar"]);
const scriptable = new Set([
  "svg",
  "svgz",
  "html",
  "htm",
  "xhtml",
  "xht",
  "xml",
  "shtml",
  "mht",
  "mhtml",
  "js",
  "mjs",
]);
const markupStart =
  /^<(?:(?:!doctype\s+html|html|head|body|svg|\?xml|script|iframe|object|embed|meta)(?=[\s>/]|$)|!--)/i;

const acceptedList = "PNG, JPEG, GIF, WebP or HEIC images, PDF documents, or plain text (.txt, .eml, .csv)";

export async function checkEvidenceFile({
  bytes,
  declaredName,
  declaredType,
  maxBytes,
}: CheckEvidenceFileOptions): Promise<CheckEvidenceFileResult> {
  if (!Number.isInteger(maxBytes) || maxBytes <= 0)
    throw new RangeError("maxBytes must be a positive integer");
  const name = baseName(declaredName);
  const problem = (message: string): CheckEvidenceFileResult => ({
    ok: false,
    error: { field: "file", message },
  });

  if (bytes.length === 0) return problem(`"${name}" is empty. Choose the file again.`);
  if (bytes.length > maxBytes) {
    return problem(
      `"${name}" is ${describeSize(bytes.length)}; the largest file the vault takes is ${describeSize(maxBytes)}.`,
    );
  }

  const extension = extensionOf(name);
  const claim = normaliseClaim(declaredType);
  if (
    scriptable.has(extension) ||
    claim.includes("html") ||
    claim.includes("svg") ||
    claim.includes("javascript")
  ) {
    return problem(markupProblem(name));
  }

  const detected = await fileTypeFromBuffer(bytes);
  const accepted = detected ? acceptedBinary[detected.ext] : undefined;
  if (detected && accepted) {
    if (extension && !accepted.extensions.includes(extension)) {
      return problem(
        `"${name}" is named .${extension} but contains ${accepted.label}. Rename it, or choose the right file.`,
      );
    }
    if (!uninformativeClaims.has(claim) && !accepted.claimedTypes.includes(claim)) {
      return problem(`"${name}" was sent as ${claim} but contains ${accepted.label}.`);
    }
    // HEIF files that are not HEVC-coded (brand mif1) are still images of the same family.
    const mediaType = detected.ext === "heic" ? detected.mime.replace("-sequence", "") : accepted.mediaType;
    return { ok: true, mediaType, extension: accepted.extensions[0]!, sha256: sha256Hex(bytes) };
  }

  const text = acceptedText[extension];
  if (text) {
    // Signatures are a few bytes long, so ordinary text can look like one (a note that starts "BM"
    // reads as a bitmap): for a file named as text, valid UTF-8 without NULs decides.
    if (bytes.includes(0) || !isUtf8(bytes)) {
      return problem(
        detected
          ? `"${name}" is named .${extension} but contains ${describeDetected(detected.ext)}.`
          : `"${name}" is named .${extension} but is not plain UTF-8 text. Save it as UTF-8 text and try again.`,
      );
    }
    if (looksLikeMarkup(bytes)) return problem(markupProblem(name));
    if (!uninformativeClaims.has(claim) && !text.claimedTypes.includes(claim)) {
      return problem(`"${name}" was sent as ${claim} but is named .${extension}.`);
    }
    return { ok: true, mediaType: text.mediaType, extension, sha256: sha256Hex(bytes) };
  }

  if (detected)
    return problem(`"${name}" contains ${describeDetected(detected.ext)}. The vault takes ${acceptedList}.`);
  if (looksLikeMarkup(bytes)) return problem(markupProblem(name));
  const named = Object.values(acceptedBinary).find((type) => type.extensions.includes(extension));
  return problem(
    named
      ? `"${name}" is named .${extension} but its contents are not ${named.label}. Choose the original file.`
      : `"${name}" is not a file type the vault takes. It takes ${acceptedList}.`,
  );
}

function markupProblem(name: string): string {
  return `"${name}" contains a web page or SVG, which can carry scripts. Take a screenshot or save it as a PDF instead.`;
}

function baseName(declaredName: string): string {
  const parts = declaredName.split(/[\\/]/);
  return (parts[parts.length - 1] ?? "").trim();
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

function normaliseClaim(declaredType: string | undefined): string {
  return (declaredType ?? "").split(";")[0]!.trim().toLowerCase();
}

function describeDetected(ext: string): string {
  if (programs.has(ext)) return `a program (${ext.toUpperCase()})`;
  if (archives.has(ext)) return `an archive (${ext.toUpperCase()})`;
  if (ext === "xml") return "XML, which can carry scripts as SVG does";
  // "an XLSX file", "a PDF file": the article follows the letter as spoken.
  return `${/^[AEFHILMNORSX]/.test(ext.toUpperCase()) ? "an" : "a"} ${ext.toUpperCase()} file`;
}

function looksLikeMarkup(bytes: Uint8Array): boolean {
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 1024));
  return markupStart.test(head.replace(/^\uFEFF/, "").trimStart());
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function describeSize(size: number): string {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
}
