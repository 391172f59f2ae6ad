// Reads a policy file (.txt, .md or .docx) into text for parsePolicy. The only file of the policy
// domain that does I/O. Word documents keep their numbering and bullets as text lines, so
// "4.7 Staff must not…" reads the same whether the number was typed or made by Word.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import mammoth from "mammoth";
import { normalisePolicyText } from "./classify-policy-lines";
import type { PolicyFileError } from "./parsed-policy";

export type PolicyFormat = "txt" | "md" | "docx";

export type PolicyText =
  | { ok: true; text: string; format: PolicyFormat; fileName: string }
  | { ok: false; error: PolicyFileError };

// Policies are a few pages; anything far larger is not one and should not be decoded.
const MAX_BYTES = 20 * 1024 * 1024;

function formatOf(fileName: string): PolicyFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".txt") || lower.endsWith(".text")) return "txt";
  if (lower.endsWith(".md") || lower.endsWith(".markdown")) return "md";
  if (lower.endsWith(".docx")) return "docx";
  return null;
}

function userError(fileName: string, message: string): PolicyText {
  return { ok: false, error: { file: fileName, line: null, message } };
}

export async function readPolicyFile({ path }: { path: string }): Promise<PolicyText> {
  const fileName = basename(path);
  if (formatOf(fileName) === null) return unknownFormat(fileName);
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "file not found"
        : code === "EACCES"
          ? "permission denied"
          : code === "EISDIR"
            ? "this is a folder, not a file"
            : `cannot be read (${code ?? String(error)})`;
    return userError(fileName, reason);
  }
  return policyTextFromBuffer({ buffer, fileName });
}

function unknownFormat(fileName: string): PolicyText {
  const hint = /\.doc$/i.test(fileName)
    ? "old Word .doc files are not supported; save it as .docx"
    : "save the policy as .txt, .md or .docx";
  return userError(fileName, `unknown file type; ${hint}`);
}

/** For uploads: the same as readPolicyFile, from bytes already in memory. */
export async function policyTextFromBuffer({
  buffer,
  fileName,
}: {
  buffer: Buffer | Uint8Array;
  fileName: string;
}): Promise<PolicyText> {
  const format = formatOf(fileName);
  if (format === null) return unknownFormat(fileName);
  if (buffer.byteLength > MAX_BYTES)
    return userError(fileName, "file is larger than 20 MB; is it really a policy?");
  if (buffer.byteLength === 0) return userError(fileName, "file is empty");
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const isZip = bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (format === "docx" || isZip) {
    if (!isZip)
      return userError(fileName, "this is not a Word .docx document; re-save it from Word as .docx");
    const expanded = zipExpandedXmlBytes(bytes);
    if (expanded === null)
      return userError(
        fileName,
        "could not read this Word document (its table of contents is damaged); re-save it from Word as .docx",
      );
    if (expanded > MAX_DOCX_XML_BYTES)
      return userError(
        fileName,
        `this Word document expands to ${Math.round(expanded / 1024 / 1024)} MB of text and markup, far more than a policy (at most ${MAX_DOCX_XML_BYTES / 1024 / 1024} MB); it was refused`,
      );
    try {
      return { ok: true, text: await docxText(bytes), format: "docx", fileName };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return userError(
        fileName,
        `could not read this Word document (${reason}); re-save it from Word as .docx`,
      );
    }
  }
  return { ok: true, text: normalisePolicyText(decodeText(bytes)), format, fileName };
}

/** A policy's Word XML is a few MB at most; a "zip bomb" declares far more. */
export const MAX_DOCX_XML_BYTES = 16 * 1024 * 1024;

/**
 * The total uncompressed size the zip's central directory declares for its XML parts, read
 * before anything is inflated; null when there is no readable directory. (A zip can lie about
 * sizes: the worker's memory limit catches that.)
 */
export function zipExpandedXmlBytes(zip: Buffer): number | null {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > zip.length) return null;
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return null;
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    // 0xFFFFFFFF means "see the zip64 record": a size no policy has.
    if (/\.(xml|rels)$/i.test(name)) total += size === 0xffffffff ? Number.MAX_SAFE_INTEGER : size;
    at += 46 + nameLength + extraLength + commentLength;
  }
  return total;
}

// UTF-8 first; Word's "Unicode text" is UTF-16 with a BOM; older "plain text" saves are Windows-1252.
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Binary data stays recognisable after this (control characters), and parsePolicy rejects it.
    if (bytes.includes(0)) return new TextDecoder("utf-8").decode(bytes);
    return decodeWindows1252(bytes);
  }
}

// Node's decoder treats windows-1252 as Latin-1, which turns Word's curly quotes and dashes
// (0x80-0x9F) into control characters; these are the characters Windows means by them.
const WINDOWS_1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

function decodeWindows1252(bytes: Buffer): string {
  let text = "";
  for (const byte of bytes) {
    text += byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  }
  return text;
}

interface DocxNode {
  type: string;
  children?: DocxNode[];
  value?: string;
  numbering?: { level: string; isOrdered: boolean } | null;
}

function inlineText(node: DocxNode): string {
  if (node.type === "text") return node.value ?? "";
  if (node.type === "tab") return "\t";
  if (node.type === "break") return "\n";
  if (node.type === "noteReference" || node.type === "commentReference" || node.type === "image") return "";
  return (node.children ?? []).map(inlineText).join("");
}

/**
 * Word's automatic numbering is not in the text, so it is rebuilt: the first numbered list in the
 * document is taken as the clause numbering ("1", "1.1", "1.1.1"), counted per level and carried
 * across interruptions as Word does. mammoth gives no number format, so other numbered lists
 * (lettered items and the like) become bullet items rather than clause numbers.
 */
async function docxText(buffer: Buffer): Promise<string> {
  const lines: string[] = [];
  const listOfLevel = new Map<object, number>();
  const counters = new Map<number, number[]>();
  let nextList = 0;
  let currentList: number | null = null;
  let mainList: number | null = null;

  const paragraph = (node: DocxNode) => {
    const text = inlineText(node).trim();
    if (text === "") return;
    const numbering = node.numbering;
    if (!numbering) {
      lines.push(text, "");
      return;
    }
    const level = Number(numbering.level) || 0;
    if (!numbering.isOrdered) {
      lines.push(`${"  ".repeat(level)}- ${text}`, "");
      return;
    }
    let list = listOfLevel.get(numbering);
    if (list === undefined) {
      // Deeper levels first seen belong to the clause numbering, not to a lettered list beside it.
      list = level === 0 ? nextList++ : (mainList ?? currentList ?? nextList++);
      listOfLevel.set(numbering, list);
    }
    currentList = list;
    mainList ??= list;
    const count = counters.get(list) ?? [];
    for (let k = 0; k < level; k++) count[k] ??= 1;
    count[level] = (count[level] ?? 0) + 1;
    count.length = level + 1;
    counters.set(list, count);
    if (list !== mainList || /^\d+(\.\d+)*\.?\s/.test(text)) {
      lines.push(`${"  ".repeat(level)}- ${text}`, "");
      return;
    }
    lines.push(`${count.join(".")} ${text}`, "");
  };

  const visit = (node: DocxNode) => {
    if (node.type === "paragraph") paragraph(node);
    else if (node.type === "table") {
      // A front-matter table reads as "Label<TAB>Value" rows, as a .txt export would.
      for (const row of node.children ?? []) {
        const cells = (row.children ?? []).map((cell) =>
          (cell.children ?? [])
            .map(inlineText)
            .map((text) => text.trim())
            .filter((text) => text !== "")
            .join(" "),
        );
        if (cells.some((cell) => cell !== "")) lines.push(cells.join("\t"), "");
      }
    } else for (const child of node.children ?? []) visit(child);
  };

  await mammoth.convertToHtml(
    { buffer },
    {
      transformDocument: (document: DocxNode) => {
        visit(document);
        return document;
      },
    },
  );
  return lines.join("\n");
}
