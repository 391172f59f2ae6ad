// Ingests a log uploaded from the browser: the form's parts are read as they arrive (the format, an
// optional IP-to-staff map, kept for later ingests too, then the log, plain or gzipped) and the log
// goes straight on to the same ingest as `conduct monitor ingest`, never gathered whole. The school's kept bell schedule,
// timetables and thresholds class the minutes; the ingest is audited (`monitoring.ingested`).
import { Readable } from "node:stream";
import type { Actor } from "../platform/audit/record-audit-event";
import type { Db } from "../platform/db";
import { BodyTooLargeError } from "../platform/web/request-limits";
import { listStaff } from "../core/people/list-staff";
import { ingestLog, type IngestSummary } from "./ingest-log";
import { type KeepLeasesResult, keepLeases } from "./kept-leases";
import { type IpLease, parseIpMapCsv } from "./parse-ip-map-csv";
import { fieldText, MultipartError, multipartBoundary, readMultipart } from "./read-multipart-upload";
import { formatSettingsError } from "./read-settings-csv";
import { LOG_FORMATS, type LogFormat } from "./scan-log";
import { LogSourceError } from "./scan-log-source";

/** An IP map is a settings file: small, read whole (the log never is). */
export const MAX_IP_MAP_BYTES = 2 * 1024 * 1024;

export type IngestUploadedLogResult =
  | { ok: true; summary: IngestSummary; fileName: string; format: LogFormat; warnings: string[] }
  | { ok: false; status: 400 | 413; errors: string[] };

export async function ingestUploadedLog(options: {
  db: Db;
  actor: Actor;
  schoolSlug: string;
  contentType: string | undefined;
  body: ReadableStream<Uint8Array> | null;
}): Promise<IngestUploadedLogResult> {
  const form = openForm(options.contentType, options.body);
  if (!form)
    return { ok: false, status: 400, errors: ["Send the form from the page, with a log file chosen."] };
  const { boundary, body } = form;
  let format: LogFormat | null = null;
  let leases: IpLease[] | undefined;
  let leasesFileName: string | undefined;
  // Worth checking, though the log was counted: the same warnings `monitor ingest` prints.
  const warnings: string[] = [];
  let result: IngestUploadedLogResult | null = null;
  const errors: string[] = [];
  let fileName = "the log";
  try {
    for await (const part of readMultipart(body, boundary)) {
      if (part.name === "format" && part.filename === null) {
        const value = (await fieldText(part.body)).trim();
        if ((LOG_FORMATS as readonly string[]).includes(value)) format = value as LogFormat;
        else errors.push(`Format: choose one of ${LOG_FORMATS.join(", ")}.`);
      } else if (part.name === "ipMap" && part.filename !== null) {
        if (part.filename === "") continue;
        const map = await readIpMapPart(part.body, part.filename);
        if (map.ok) {
          leases = map.leases;
          leasesFileName = part.filename;
        } else errors.push(...map.errors.slice(0, 10).map(formatSettingsError));
      } else if (part.name === "log" && part.filename !== null) {
        if (part.filename === "") {
          errors.push("Log file: choose the file to upload.");
          continue;
        }
        fileName = part.filename;
        if (!format) errors.push("Format: choose the log's format.");
        // Whatever is wrong is said before the log is read; the rest of the body is skipped.
        if (errors.length > 0 || result) continue;
        const ingested = await ingestLog({
          db: options.db,
          actor: options.actor,
          schoolSlug: options.schoolSlug,
          source: "-",
          stdin: Readable.from(part.body),
          format: format!,
          leases,
          leasesFileName,
        });
        // Overlapping leases (the map's own, or with one kept from before), --staff set aside.
        if (ingested.ok) warnings.push(...ingested.summary.attributionWarnings);
        result = ingested.ok
          ? {
              ok: true,
              summary: ingested.summary,
              fileName: part.filename,
              format: format!,
              warnings: ingested.summary.formatHint
                ? [
                    ...warnings,
                    `${part.filename}: ${ingested.summary.formatHint.replace(/try --format (\w+)/, 'choose "$1" as the format')}`,
                  ]
                : warnings,
            }
          : { ok: false, status: 400, errors: [ingested.message] };
      }
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { ok: false, status: 413, errors: [error.message] };
    if (error instanceof MultipartError) return { ok: false, status: 400, errors: [error.message] };
    // The scanner names its source "stdin": here it is the uploaded file.
    if (error instanceof LogSourceError)
      return { ok: false, status: 400, errors: [error.message.replace(/^stdin\b/, fileName)] };
    if (isZlibError(error))
      return {
        ok: false,
        status: 400,
        errors: [`${fileName} starts like a gzip file but could not be unpacked: upload the whole .gz file.`],
      };
    throw error;
  }
  if (errors.length > 0) return { ok: false, status: 400, errors };
  return result ?? { ok: false, status: 400, errors: ["Log file: choose the file to upload."] };
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("Z_");
}

export type KeepUploadedLeasesResult =
  | { ok: true; fileName: string; kept: KeepLeasesResult }
  | { ok: false; status: 400 | 413; errors: string[] };

/** An IP-to-staff map uploaded on its own (no log): kept for the school's later ingests. */
export async function keepUploadedLeases(options: {
  db: Db;
  actor: Actor;
  schoolId: string;
  contentType: string | undefined;
  body: ReadableStream<Uint8Array> | null;
}): Promise<KeepUploadedLeasesResult> {
  const form = openForm(options.contentType, options.body);
  if (!form) return { ok: false, status: 400, errors: ["Send the form from the page, with a map chosen."] };
  const { boundary, body } = form;
  try {
    for await (const part of readMultipart(body, boundary)) {
      if (part.name !== "ipMap" || !part.filename) continue;
      const map = await readIpMapPart(part.body, part.filename);
      if (!map.ok)
        return { ok: false, status: 400, errors: map.errors.slice(0, 10).map(formatSettingsError) };
      const fileName = part.filename;
      const people = await listStaff(options.db, { schoolIds: [options.schoolId] });
      const kept = await options.db.transaction((tx) =>
        keepLeases(tx, {
          schoolId: options.schoolId,
          people,
          leases: map.leases,
          fileName,
          actor: options.actor,
        }),
      );
      return { ok: true, fileName, kept };
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { ok: false, status: 413, errors: [error.message] };
    if (error instanceof MultipartError) return { ok: false, status: 400, errors: [error.message] };
    throw error;
  }
  return { ok: false, status: 400, errors: ["IP-to-staff map: choose the file to keep."] };
}

/** A multipart form's boundary and body as a Node stream, or undefined when it is not one. */
function openForm(
  contentType: string | undefined,
  stream: ReadableStream<Uint8Array> | null,
): { boundary: string; body: Readable } | undefined {
  const boundary = multipartBoundary(contentType);
  if (!boundary || !stream) return undefined;
  return {
    boundary,
    body: Readable.fromWeb(stream as import("node:stream/web").ReadableStream<Uint8Array>),
  };
}

/** An uploaded IP-to-staff map, bounded before it is read, then parsed. */
async function readIpMapPart(stream: Parameters<typeof fieldText>[0], fileName: string) {
  const text = await fieldText(stream, MAX_IP_MAP_BYTES).catch((error) => {
    if (error instanceof MultipartError)
      throw new MultipartError(`The IP-to-staff map is larger than ${MAX_IP_MAP_BYTES / 1024 / 1024} MB.`);
    throw error;
  });
  return parseIpMapCsv(text, fileName);
}
