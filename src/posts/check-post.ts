// "Can I post this?": checks a post against the rule set for its context (personal, professional or
// official), the school and its roster, and returns a verdict with findings that cite clauses, mark
// exact spans and say in plain English what to change. Pure: no I/O, no clock unless asOf is omitted.
import type { RosterIndex } from "./build-roster-index";
import { addEntry, type TermIndex, type TokenPattern } from "./compile-term-index";
import { findEntities } from "./find-entities";
import { findQuotedSpans } from "./find-quotes";
import { findTermOccurrences, markInsideNames, Occurrences } from "./find-term-occurrences";
import type { CompiledCondition, CompiledGuard, CompiledRule, CompiledSlot, RuleSet } from "./load-rule-set";
import { addEmojiTokens } from "./read-emoji";
import { type PostModel, scoreLearned } from "./score-learned";
import { type Token, tokenisePost } from "./tokenise-post";
import type { Finding, PostCheckResult, PostContext, SchoolSettings, Severity, Verdict } from "./types";
import { POST_CONTEXTS } from "./types";

export interface CheckPostOptions {
  text: string;
  context: PostContext;
  school: SchoolSettings;
  roster: RosterIndex;
  rules: RuleSet;
  policyVersion?: string;
  /** The day the post would go out; decides whether an ex-pupil is still under 18. Defaults to now. */
  asOf?: Date;
  /**
   * The learned second opinion (see load-post-model.ts). Where the rules found nothing for a clause
   * family it may add one "review" finding for that family; it never blocks a post on its own.
   */
  model?: PostModel;
}

/** More findings than this from one rule add nothing for the reader and cost time on hostile input. */
const maxFindingsPerRule = 50;

const severityRank: Record<Severity, number> = { advice: 0, warning: 1, breach: 2 };

export function checkPost(options: CheckPostOptions): PostCheckResult {
  const { text, context, rules, policyVersion, model } = options;
  const { tokens, occurrences, findings } = readPost(options);
  if (model) findings.push(...scoreLearned({ model, text, tokens, occurrences, rules, context, findings }));
  const kept = mergeOverlapping(findings);
  const result: PostCheckResult = {
    verdict: verdictOf(kept),
    findings: kept,
    rulesVersion: rules.version,
    context,
  };
  if (policyVersion !== undefined) result.policyVersion = policyVersion;
  return result;
}

export interface ReadPost {
  tokens: Token[];
  occurrences: Occurrences;
  /** What the rules found, before overlapping findings are merged. */
  findings: Finding[];
}

/** The rules' reading of a post: its words, what the word lists found in it, and the rule findings. */
export function readPost({ text, context, school, roster, rules, asOf }: CheckPostOptions): ReadPost {
  if (!POST_CONTEXTS.includes(context)) throw new TypeError(`unknown post context: ${String(context)}`);
  // Emoji used as words ("SLT 🤡") become tokens named after them, so rules can read them.
  const tokens = addEmojiTokens(text, tokenisePost(text));
  const occurrences = new Occurrences(rules.lexiconCount, tokens.length);
  const schoolTerms = compileSchoolTerms(rules, school);
  findEntities({
    text,
    tokens,
    occurrences,
    ids: rules.entityIds,
    roster,
    streets: schoolTerms.streets,
    famousNames: rules.famousNames,
    commonWordNames: rules.commonWordNames,
    asOf: asOf ?? new Date(),
  });
  const insideNames = markInsideNames(occurrences, rules.entityIds.$personName, tokens.length);
  findTermOccurrences({ text, index: rules.index, tokens, occurrences, insideNames });
  findTermOccurrences({ text, index: schoolTerms.index, tokens, occurrences, insideNames });

  const engine = new RuleEngine(tokens, occurrences, rules.allowLexId);
  const findings: Finding[] = [];
  const quoted = hasQuoteMark(text) ? reportedSpeech(text, tokens, occurrences, rules) : noQuotes;
  for (const rule of rules.rules) {
    const severity = rule.severity[context];
    if (!severity) continue;
    const matches = engine.matches(rule);
    for (let m = 0; m < matches.length; m++) {
      const start = matches[m]![0];
      const end = matches[m]![1];
      if (quoted.length > 0 && reportsSpeech(rule, quoted, start, end)) continue;
      const from = tokens[start]!.start;
      const to = tokens[end - 1]!.end;
      const excerpt = text.slice(from, to);
      const values: TemplateValues = { school, schoolTerms, excerpt, tokens, start, end };
      const finding: Finding = {
        clause: rule.clause[context]!,
        ruleId: rule.id,
        family: rule.family,
        severity,
        start: from,
        end: to,
        excerpt,
        explanation: fillTemplate(rule.explanation, values),
      };
      if (rule.alsoClauses.length > 0) finding.alsoClauses = [...rule.alsoClauses];
      if (rule.suggestion) finding.suggestion = fillTemplate(rule.suggestion, values);
      findings.push(finding);
    }
  }
  return { tokens, occurrences, findings };
}

const noQuotes: ReadonlyArray<[number, number]> = Object.freeze([]);
const quoteMarks = /['"\u2018\u201c]/;
const hasQuoteMark = (text: string) => quoteMarks.test(text);

/** Quotations just after words that say someone else is speaking ("a Year 9 said '…'"). */
function reportedSpeech(
  text: string,
  tokens: readonly Token[],
  occurrences: Occurrences,
  rules: RuleSet,
): ReadonlyArray<[number, number]> {
  const cues = rules.lexiconIds.get("@reportedSpeechCues");
  if (cues === undefined || !occurrences.has(cues)) return noQuotes;
  const cueSpans = occurrences.list(cues);
  const selfRefs = rules.lexiconIds.get("@selfRefs");
  const out: Array<[number, number]> = [];
  for (const span of findQuotedSpans(text, tokens, 1)) {
    // The cue ends at most three words before the quotation: "said to me '…'", "asking if I was '…'".
    // "I said '…'" and "told off for saying '…'" quote the writer, whose words they still are.
    for (const [start, end] of cueSpans) {
      if (end <= span[0] && span[0] - end <= 3 && !writerSpeaks(tokens, occurrences, selfRefs, start)) {
        out.push(span);
        break;
      }
    }
  }
  return out;
}

function writerSpeaks(
  tokens: readonly Token[],
  occurrences: Occurrences,
  selfRefs: number | undefined,
  cueStart: number,
): boolean {
  for (let k = Math.max(0, cueStart - 2); k < cueStart; k++) {
    if (tokens[k]!.norm === "for") return true;
    if (selfRefs !== undefined && occurrences.endAt(selfRefs, k) > k) return true;
  }
  return false;
}

/**
 * Words the writer quotes ("a Year 9 said 'miss that's so cringe'", "replying to the 'lazy teachers'
 * comment") are someone else's: what a rule reads in them is not the writer's own insult, threat or
 * disclosure. A name still names (identification), and a slur is still posted (offensive.slur).
 */
function reportsSpeech(
  rule: CompiledRule,
  quoted: ReadonlyArray<[number, number]>,
  start: number,
  end: number,
): boolean {
  if (rule.family === "identification" || rule.id === "offensive.slur") return false;
  for (const [from, to] of quoted) if (from <= start && end <= to) return true;
  return false;
}

export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((finding) => finding.severity === "breach")) return "block";
  if (findings.some((finding) => finding.severity === "warning")) return "review";
  return "clear";
}

/** Where findings for the same clause overlap, the reader needs only the most serious one. */
function mergeOverlapping(findings: Finding[]): Finding[] {
  const sorted = [...findings].sort(
    (a, b) =>
      severityRank[b.severity] - severityRank[a.severity] ||
      // Of two equal findings, keep the one that cites more ("4.6 and 4.1" over "4.6").
      (b.alsoClauses?.length ?? 0) - (a.alsoClauses?.length ?? 0) ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start,
  );
  const kept: Finding[] = [];
  for (const finding of sorted) {
    const duplicate = kept.some(
      (other) => other.clause === finding.clause && other.start < finding.end && finding.start < other.end,
    );
    if (!duplicate) kept.push(finding);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end || a.clause.localeCompare(b.clause));
}

// --- the rule engine ----------------------------------------------------------------------------
// Loops rather than closures and array chains here: the engine runs every rule on every post, and
// what it allocated per call was enough garbage to make the collector's pauses set the p99.

interface ConditionIndex {
  any: boolean;
  /** Sentence numbers of the occurrences' first tokens, ascending, each once. */
  sentences: number[];
  /** Occurrences as [start, end) in order of start. */
  spans: ReadonlyArray<[number, number]>;
}

const noMatches: ReadonlyArray<[number, number]> = Object.freeze([]);

class RuleEngine {
  private readonly conditionCache = new Map<CompiledCondition | CompiledGuard, ConditionIndex>();
  private readonly startsCache = new Map<readonly number[], ReadonlyArray<[number, number]>>();
  private readonly allow: ReadonlyArray<[number, number]>;
  /** The current candidate's slot spans as flat [start, end] pairs, reused across candidates. */
  private readonly slotSpans: number[] = [];

  constructor(
    private readonly tokens: readonly Token[],
    private readonly occurrences: Occurrences,
    allowLexId: number,
  ) {
    this.allow = occurrences.list(allowLexId);
  }

  matches(rule: CompiledRule): ReadonlyArray<[number, number]> {
    const { tokens, slotSpans } = this;
    // Cheap test first: a rule whose required words or near-words do not occur at all cannot match.
    for (const slot of rule.slots) {
      if (!slot.optional && !slot.regex && !this.anyOccurs(slot.lexIds)) return noMatches;
    }
    for (const condition of rule.near) if (!this.anyOccurs(condition.lexIds)) return noMatches;
    let found: Array<[number, number]> | undefined;
    const firstStarts = this.slotStarts(rule.slots[0]!);
    let lastEnd = -1;
    for (let f = 0; f < firstStarts.length; f++) {
      const start = firstStarts[f]![0];
      const firstEnd = firstStarts[f]![1];
      if (start < lastEnd) continue;
      slotSpans.length = 0;
      slotSpans.push(start, firstEnd);
      let pos = firstEnd;
      let ok = true;
      for (let j = 1; j < rule.slots.length && ok; j++) {
        const slot = rule.slots[j]!;
        let hit = -1;
        for (let q = pos; q <= pos + slot.gap && q < tokens.length; q++) {
          if (tokens[q]!.sentence !== tokens[start]!.sentence) break;
          const end = this.slotEndAt(slot, q);
          if (end > q) {
            slotSpans.push(q, end);
            hit = end;
            break;
          }
        }
        if (hit >= 0) pos = hit;
        else if (!slot.optional) ok = false;
      }
      if (!ok) continue;
      const end = pos;
      if (this.anyAllowed(slotSpans)) continue;
      if (rule.notAfter && this.guardHits(rule.notAfter, start, "before")) continue;
      if (rule.notBefore && this.guardHits(rule.notBefore, end, "after")) continue;
      if (!this.allHold(rule.near, start, end)) continue;
      if (this.anyHolds(rule.notNear, start, end)) continue;
      found ??= [];
      found.push([start, end]);
      lastEnd = end;
      if (found.length >= maxFindingsPerRule) break;
    }
    return found ?? noMatches;
  }

  private anyOccurs(lexIds: readonly number[]): boolean {
    for (const id of lexIds) if (this.occurrences.has(id)) return true;
    return false;
  }

  private allHold(conditions: readonly CompiledCondition[], start: number, end: number): boolean {
    for (const condition of conditions) if (!this.holds(condition, start, end)) return false;
    return true;
  }

  private anyHolds(conditions: readonly CompiledCondition[], start: number, end: number): boolean {
    for (const condition of conditions) if (this.holds(condition, start, end)) return true;
    return false;
  }

  private slotStarts(slot: CompiledSlot): ReadonlyArray<[number, number]> {
    if (slot.regex) return this.regexStarts(slot.regex);
    if (slot.lexIds.length === 1) return this.occurrences.list(slot.lexIds[0]!);
    const cached = this.startsCache.get(slot.lexIds);
    if (cached) return cached;
    const merged: Array<[number, number]> = [];
    for (const id of slot.lexIds) {
      const list = this.occurrences.list(id);
      for (let i = 0; i < list.length; i++) merged.push(list[i]!);
    }
    merged.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    this.startsCache.set(slot.lexIds, merged);
    return merged;
  }

  private regexStarts(regex: RegExp): ReadonlyArray<[number, number]> {
    let out: Array<[number, number]> | undefined;
    const { tokens } = this;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (!token.ignored && token.norm.length <= 64 && regex.test(token.norm)) {
        out ??= [];
        out.push([i, i + 1]);
      }
    }
    return out ?? noMatches;
  }

  private slotEndAt(slot: CompiledSlot, q: number): number {
    if (slot.regex) {
      const token = this.tokens[q]!;
      return !token.ignored && token.norm.length <= 64 && slot.regex.test(token.norm) ? q + 1 : -1;
    }
    let best = -1;
    for (const id of slot.lexIds) best = Math.max(best, this.occurrences.endAt(id, q));
    return best;
  }

  /** Whether an allow-listed phrase overlaps any of the flat [start, end] pairs. */
  private anyAllowed(pairs: readonly number[]): boolean {
    const { allow } = this;
    if (allow.length === 0) return false;
    for (let p = 0; p < pairs.length; p += 2) {
      const start = pairs[p]!;
      const end = pairs[p + 1]!;
      for (let i = 0; i < allow.length; i++) if (allow[i]![0] < end && start < allow[i]![1]) return true;
    }
    return false;
  }

  private indexFor(condition: CompiledCondition | CompiledGuard): ConditionIndex {
    let index = this.conditionCache.get(condition);
    if (index) return index;
    let excluded: Uint8Array | undefined;
    if ("exceptLexIds" in condition) {
      for (const id of condition.exceptLexIds) {
        const list = this.occurrences.list(id);
        for (let i = 0; i < list.length; i++) {
          excluded ??= new Uint8Array(this.tokens.length);
          excluded.fill(1, list[i]![0], list[i]![1]);
        }
      }
    }
    let spans: Array<[number, number]> | undefined;
    let sorted = true;
    for (const id of condition.lexIds) {
      const list = this.occurrences.list(id);
      for (let i = 0; i < list.length; i++) {
        const span = list[i]!;
        if (excluded && overlapsExcluded(excluded, span[0], span[1])) continue;
        spans ??= [];
        if (spans.length > 0 && span[0] < spans[spans.length - 1]![0]) sorted = false;
        spans.push(span);
      }
    }
    // Sorting is stable, so an already ordered list needs none.
    if (spans && !sorted) spans.sort((x, y) => x[0] - y[0]);
    const sentences: number[] = [];
    if (spans) {
      let ascending = true;
      for (let i = 0; i < spans.length; i++) {
        const sentence = this.tokens[spans[i]![0]]!.sentence;
        if (i > 0 && sentence < sentences[i - 1]!) ascending = false;
        sentences.push(sentence);
      }
      if (!ascending) sentences.sort((x, y) => x - y);
      let kept = 0;
      for (let i = 0; i < sentences.length; i++)
        if (i === 0 || sentences[i] !== sentences[kept - 1]) sentences[kept++] = sentences[i]!;
      sentences.length = kept;
    }
    index = { any: spans !== undefined, sentences, spans: spans ?? noMatches };
    this.conditionCache.set(condition, index);
    return index;
  }

  private holds(condition: CompiledCondition, start: number, end: number): boolean {
    const index = this.indexFor(condition);
    if (!index.any) return false;
    if (condition.scope === "post") return true;
    const first = this.tokens[start]!.sentence;
    const last = this.tokens[end - 1]!.sentence;
    if (condition.scope === "sentence") {
      const at = firstAtOrAbove(index.sentences, first);
      return at < index.sentences.length && index.sentences[at]! <= last;
    }
    return this.spanWithin(index.spans, start - condition.window, end + condition.window, first, last);
  }

  /** A guard word ("not", "never") just before the match, or just after it, in the same sentence. */
  private guardHits(guard: CompiledGuard, edge: number, side: "before" | "after"): boolean {
    const index = this.indexFor(guard);
    if (!index.any) return false;
    const sentence = this.tokens[side === "before" ? edge : Math.max(edge - 1, 0)]!.sentence;
    const from = side === "before" ? edge - guard.window - maxSpanLength : edge;
    const to = side === "before" ? edge : edge + guard.window;
    const { spans } = index;
    for (let i = firstStartAtOrAfter(spans, from); i < spans.length && spans[i]![0] < to; i++) {
      const a = spans[i]![0];
      const b = spans[i]![1];
      if (this.tokens[a]!.sentence !== sentence) continue;
      if (side === "before" ? b <= edge && b >= edge - guard.window : true) return true;
    }
    return false;
  }

  private spanWithin(
    spans: ReadonlyArray<[number, number]>,
    from: number,
    to: number,
    first: number,
    last: number,
  ): boolean {
    for (
      let i = firstStartAtOrAfter(spans, from - maxSpanLength);
      i < spans.length && spans[i]![0] < to;
      i++
    ) {
      const sentence = this.tokens[spans[i]![0]]!.sentence;
      if (spans[i]![1] > from && sentence >= first && sentence <= last) return true;
    }
    return false;
  }
}

function overlapsExcluded(excluded: Uint8Array, a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (excluded[k]) return true;
  return false;
}

/** Index of the first value >= `value` in an ascending list. */
function firstAtOrAbove(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Word-list phrases are short; a guard or window search looks this far back for their starts. */
const maxSpanLength = 12;

function firstStartAtOrAfter(spans: ReadonlyArray<[number, number]>, position: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]![0] < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// --- per-school word lists ----------------------------------------------------------------------

interface SchoolTerms {
  index: TermIndex;
  streets: string[][];
  sanctioned: string[];
  /** Folded alias words -> platform name, for naming the platform in an explanation. */
  aliases: Array<{ words: string[]; name: string }>;
}

const schoolCache = new WeakMap<RuleSet, WeakMap<SchoolSettings, SchoolTerms>>();

function compileSchoolTerms(rules: RuleSet, school: SchoolSettings): SchoolTerms {
  let perSchool = schoolCache.get(rules);
  if (!perSchool) {
    perSchool = new WeakMap();
    schoolCache.set(rules, perSchool);
  }
  const cached = perSchool.get(school);
  if (cached) return cached;

  const index: TermIndex = {
    exactFirst: new Map(),
    pairFirst: new Map(),
    collapsedFirst: new Map(),
    prefixFirst: new Map(),
    templateFirst: new Map(),
    exactCaseFirst: new Map(),
    entityFirst: new Map(),
    maskable: [],
    maskableStarts: new Set(),
  };
  const ids = rules.schoolLexiconIds;
  const addLiteral = (lexId: number, text: string) => {
    const seq: TokenPattern[] = tokenisePost(text).map((token) => ({ kind: "word", value: token.norm }));
    if (seq.length > 0) addEntry(index, { lexId, seq, obfuscated: false, text });
  };
  const names = [
    school.name,
    ...school.shortNames,
    ...(rules.nicknames[school.slug] ?? []),
    ...(rules.nicknames["*"] ?? []),
  ];
  // A name run together is the school in a hashtag or a handle: #SummitHigh, @SummitHighMaths,
  // @NorthfieldAcad_English (an account that looks official, clause 7.2). Short names (SHS) are
  // left out, as a prefix they would start ordinary words.
  const addJoined = (lexId: number, value: string) => {
    const joined = tokenisePost(value)
      .map((token) => token.norm.replace(/^@/, ""))
      .join("");
    if (joined.length < 6) return;
    for (const stem of [joined, `@${joined}`])
      addEntry(index, { lexId, seq: [{ kind: "prefix", value: stem }], obfuscated: false, text: stem });
  };
  for (const name of names) {
    addLiteral(ids.schoolNames, name);
    addJoined(ids.schoolNames, name);
  }
  for (const handle of school.officialHandles) {
    const bare = handle.replace(/^@/, "");
    addLiteral(ids.schoolHandles, `@${bare}`);
    addLiteral(ids.schoolHandles, bare);
    addJoined(ids.schoolHandles, bare);
  }

  const sanctionedNames = [...school.sanctionedPlatforms, ...rules.trustAllowedPlatforms];
  const fold = (value: string) =>
    tokenisePost(value)
      .map((token) => token.norm)
      .join(" ");
  const sanctionedKeys = new Set(sanctionedNames.map(fold));
  const aliases: SchoolTerms["aliases"] = [];
  for (const platform of rules.platforms) {
    const forms = [platform.name, ...platform.aliases];
    const isSanctioned = forms.some((form) => sanctionedKeys.has(fold(form)));
    for (const form of forms) {
      addLiteral(isSanctioned ? ids.sanctionedPlatforms : ids.unsanctionedPlatforms, form);
      aliases.push({ words: fold(form).split(" "), name: platform.name });
    }
  }
  for (const name of sanctionedNames) addLiteral(ids.sanctionedPlatforms, name);

  const streets = (school.streets ?? [])
    .map((street) => tokenisePost(street).map((token) => token.norm))
    .filter((s) => s.length > 0);
  const terms: SchoolTerms = { index, streets, sanctioned: school.sanctionedPlatforms, aliases };
  perSchool.set(school, terms);
  return terms;
}

// --- explanations -------------------------------------------------------------------------------

interface TemplateValues {
  school: SchoolSettings;
  schoolTerms: SchoolTerms;
  excerpt: string;
  tokens: readonly Token[];
  start: number;
  end: number;
}

function fillTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{(school|platform|sanctioned|excerpt)\}/g, (_, name: string) => {
    switch (name) {
      case "school":
        return values.school.name;
      case "excerpt":
        return values.excerpt;
      case "sanctioned":
        return values.schoolTerms.sanctioned.length > 0
          ? values.schoolTerms.sanctioned.join(", ")
          : "none listed";
      default:
        return platformIn(values) ?? "this platform";
    }
  });
}

function platformIn({ schoolTerms, tokens, start, end }: TemplateValues): string | undefined {
  for (let i = start; i < end; i++) {
    for (const alias of schoolTerms.aliases) {
      if (alias.words.every((word, k) => tokens[i + k]?.norm === word)) return alias.name;
    }
  }
  return undefined;
}
