// Cuts a checked post into plain segments for the UI to highlight: each segment is either plain
// text or text covered by findings. Segment text is raw (Hono JSX escapes it); renderSegmentsHtml
// gives escaped HTML with <mark> elements for places that build HTML strings themselves.
import type { Finding, Severity } from "./types";

export interface TextSegment {
  text: string;
  /** Index into `findings` of the most serious finding covering this segment. */
  finding?: number;
  /** Every finding covering this segment, most serious first. */
  findings?: number[];
}

export interface SegmentTextOptions {
  text: string;
  findings: ReadonlyArray<Pick<Finding, "start" | "end" | "severity">>;
}

const rank: Record<Severity, number> = { breach: 0, warning: 1, advice: 2 };

export function segmentText({ text, findings }: SegmentTextOptions): TextSegment[] {
  const cuts = new Set<number>([0, text.length]);
  for (const finding of findings) {
    cuts.add(safeCut(text, finding.start));
    cuts.add(safeCut(text, finding.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    if (from === to) continue;
    const covering = findings
      .map((finding, index) => ({ finding, index }))
      .filter(({ finding }) => safeCut(text, finding.start) <= from && safeCut(text, finding.end) >= to)
      .sort((a, b) => rank[a.finding.severity] - rank[b.finding.severity] || a.index - b.index)
      .map(({ index }) => index);
    const segment: TextSegment = { text: text.slice(from, to) };
    if (covering.length > 0) {
      segment.finding = covering[0];
      segment.findings = covering;
    }
    const previous = segments[segments.length - 1];
    if (previous && sameCover(previous, segment)) previous.text += segment.text;
    else segments.push(segment);
  }
  return segments;
}

/** Clamp to the text and never cut between the two halves of a surrogate pair (an emoji). */
function safeCut(text: string, offset: number): number {
  const clamped = Math.max(0, Math.min(text.length, Math.trunc(offset)));
  const code = text.charCodeAt(clamped);
  const before = text.charCodeAt(clamped - 1);
  if (code >= 0xdc00 && code <= 0xdfff && before >= 0xd800 && before <= 0xdbff) return clamped - 1;
  return clamped;
}

function sameCover(a: TextSegment, b: TextSegment): boolean {
  const x = a.findings ?? [];
  const y = b.findings ?? [];
  return x.length === y.length && x.every((value, i) => value === y[i]);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function renderSegmentsHtml(options: SegmentTextOptions): string {
  return segmentText(options)
    .map((segment) => {
      const body = escapeHtml(segment.text);
      if (segment.finding === undefined) return body;
      const severity = options.findings[segment.finding]!.severity;
      return `<mark class="post-finding post-finding--${severity}" data-finding="${segment.finding}">${body}</mark>`;
    })
    .join("");
}
