// Loads the post-check rules: the bundled defaults plus any trust extensions (extra words, allowed
// words, platforms, nicknames, rules, clause renumbering), validated on load so that a bad regex or
// an unknown clause family is a clear error naming where it is, never a surprise at check time.
import { z } from "zod";
import { compileTermIndex, type LexiconSource, parseTerm, type TermIndex } from "./compile-term-index";
import { ENTITY_NAMES, type EntityIds } from "./find-entities";
import defaultRulesJson from "./rules/default-rules.json";
import { CLAUSE_FAMILIES, type ClauseFamily, POST_CONTEXTS, type PostContext, type Severity } from "./types";

// --- file shapes ------------------------------------------------------------------------------

const clauseNumber = z.string().regex(/^[0-9]+(\.[0-9]+)*$/, "must be a clause number such as 8.3 or 4.7.1");
const severity = z.enum(["advice", "warning", "breach"]);
const contextName = z.enum(["personal", "professional", "official"]);
const termList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const perContext = <T extends z.ZodTypeAny>(value: T) =>
  z
    .object({ personal: value.optional(), professional: value.optional(), official: value.optional() })
    .strict();

const slotSchema = z.union([
  z.string().min(1),
  z.array(z.string().min(1)).min(1),
  z
    .object({
      terms: termList.optional(),
      tokenRegex: z.string().min(1).max(200).optional(),
      gap: z.number().int().min(0).max(12).optional(),
      optional: z.boolean().optional(),
    })
    .strict(),
]);

const conditionSchema = z
  .object({
    terms: termList,
    scope: z.enum(["sentence", "post"]).optional(),
    window: z.number().int().min(1).max(40).optional(),
    except: termList.optional(),
  })
  .strict();

const guardSchema = z.object({ terms: termList, window: z.number().int().min(1).max(8) }).strict();

const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+([.-][a-z0-9]+)*$/, "must be lower-case words joined by dots or hyphens"),
    family: z.enum(CLAUSE_FAMILIES as [ClauseFamily, ...ClauseFamily[]]),
    clause: z.union([clauseNumber, perContext(clauseNumber)]),
    alsoClauses: z.array(clauseNumber).optional(),
    severity: z.union([severity, perContext(severity)]),
    contexts: z.array(contextName).min(1).optional(),
    match: z.array(slotSchema).min(1).max(6),
    gap: z.number().int().min(0).max(12).optional(),
    near: z.array(conditionSchema).optional(),
    notNear: z.array(conditionSchema).optional(),
    notAfter: guardSchema.optional(),
    notBefore: guardSchema.optional(),
    explanation: z.string().min(1),
    suggestion: z.string().min(1).optional(),
  })
  .strict();

const lexiconSchema = z.union([
  z.array(z.string().min(1)),
  z
    .object({
      terms: z.array(z.string().min(1)),
      obfuscated: z.boolean().optional(),
      description: z.string().optional(),
    })
    .strict(),
]);

const platformSchema = z.object({ name: z.string().min(1), aliases: z.array(z.string().min(1)) }).strict();

const baseSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.string().min(1),
    description: z.string().optional(),
    lexicons: z.record(
      z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, "must be a name such as pupilRefs"),
      lexiconSchema,
    ),
    allowTerms: z.array(z.string().min(1)),
    platforms: z.array(platformSchema),
    famousNames: z.array(z.string().min(1)),
    commonWordNames: z.array(z.string().min(1)),
    rules: z.array(ruleSchema).min(1),
  })
  .strict();

const extensionSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be a slug such as summit-trust"),
    version: z.string().min(1),
    description: z.string().optional(),
    lexicons: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), lexiconSchema).optional(),
    addTerms: z.record(z.string(), z.array(z.string().min(1))).optional(),
    removeTerms: z.record(z.string(), z.array(z.string().min(1))).optional(),
    allowTerms: z.array(z.string().min(1)).optional(),
    allowedPlatforms: z.array(z.string().min(1)).optional(),
    platforms: z.array(platformSchema).optional(),
    nicknames: z.record(z.string(), z.array(z.string().min(1))).optional(),
    famousNames: z.array(z.string().min(1)).optional(),
    rules: z.array(ruleSchema).optional(),
    disableRules: z.array(z.string()).optional(),
    clauseMap: z.record(clauseNumber, clauseNumber).optional(),
  })
  .strict();

export type RuleFile = z.infer<typeof baseSchema>;
export type RuleExtension = z.infer<typeof extensionSchema>;
type RuleSpec = z.infer<typeof ruleSchema>;
type SlotSpec = z.infer<typeof slotSchema>;
type ConditionSpec = z.infer<typeof conditionSchema>;

// --- compiled shapes ----------------------------------------------------------------------------

export interface CompiledSlot {
  lexIds: number[];
  regex?: RegExp;
  gap: number;
  optional: boolean;
}

export interface CompiledCondition {
  lexIds: number[];
  exceptLexIds: number[];
  scope: "sentence" | "post" | "window";
  window: number;
}

export interface CompiledGuard {
  lexIds: number[];
  window: number;
}

export interface CompiledRule {
  id: string;
  family: ClauseFamily;
  severity: Partial<Record<PostContext, Severity>>;
  clause: Partial<Record<PostContext, string>>;
  alsoClauses: string[];
  slots: CompiledSlot[];
  near: CompiledCondition[];
  notNear: CompiledCondition[];
  notAfter?: CompiledGuard;
  notBefore?: CompiledGuard;
  explanation: string;
  suggestion?: string;
}

/** Word lists filled per school at check time from SchoolSettings and the platform register. */
export const SCHOOL_LEXICONS = [
  "schoolNames",
  "schoolHandles",
  "unsanctionedPlatforms",
  "sanctionedPlatforms",
] as const;
export type SchoolLexicon = (typeof SCHOOL_LEXICONS)[number];

export interface RuleSet {
  version: string;
  rules: CompiledRule[];
  index: TermIndex;
  lexiconCount: number;
  lexiconIds: ReadonlyMap<string, number>;
  entityIds: EntityIds;
  schoolLexiconIds: Readonly<Record<SchoolLexicon, number>>;
  allowLexId: number;
  platforms: ReadonlyArray<{ name: string; aliases: string[] }>;
  /** Platforms every school in the trust may use with pupils, on top of each school's own list. */
  trustAllowedPlatforms: readonly string[];
  /** School slug (or "*" for every school) -> extra names for the school. */
  nicknames: Readonly<Record<string, string[]>>;
  famousNames: ReadonlySet<string>;
  commonWordNames: ReadonlySet<string>;
}

export interface RuleSetError {
  path: string;
  message: string;
}

export type LoadRuleSetResult = { ok: true; ruleSet: RuleSet } | { ok: false; errors: RuleSetError[] };

export interface LoadRuleSetOptions {
  /** The base rule file; the bundled default rules when omitted. */
  base?: unknown;
  extensions?: readonly unknown[];
}

export const defaultRuleFile: unknown = defaultRulesJson;

const placeholders = new Set(["school", "platform", "sanctioned", "excerpt"]);

export function loadRuleSet({
  base = defaultRuleFile,
  extensions = [],
}: LoadRuleSetOptions = {}): LoadRuleSetResult {
  const errors: RuleSetError[] = [];
  const parsedBase = baseSchema.safeParse(base);
  if (!parsedBase.success) return { ok: false, errors: zodErrors("base", parsedBase.error) };
  const parsedExtensions: RuleExtension[] = [];
  extensions.forEach((extension, i) => {
    const parsed = extensionSchema.safeParse(extension);
    if (parsed.success) parsedExtensions.push(parsed.data);
    else errors.push(...zodErrors(`extensions[${i}]`, parsed.error));
  });
  if (errors.length > 0) return { ok: false, errors };
  return compile(parsedBase.data, parsedExtensions);
}

function zodErrors(prefix: string, error: z.ZodError): RuleSetError[] {
  return error.issues.map((issue) => ({ path: formatPath(prefix, issue.path), message: issue.message }));
}

function formatPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  let out = prefix;
  for (const part of path) out += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
  return out;
}

interface LexiconDraft {
  name: string;
  terms: string[];
  obfuscated: boolean;
  path: string;
  /** Where terms added by an extension came from, for error messages. */
  origins: Map<string, string>;
}

function compile(base: RuleFile, extensions: RuleExtension[]): LoadRuleSetResult {
  const errors: RuleSetError[] = [];
  const lexicons = new Map<string, LexiconDraft>();
  const addLexicon = (name: string, spec: z.infer<typeof lexiconSchema>, path: string) => {
    if (lexicons.has(name) || (SCHOOL_LEXICONS as readonly string[]).includes(name)) {
      errors.push({ path, message: `a word list named ${name} already exists` });
      return;
    }
    const terms = Array.isArray(spec) ? [...spec] : [...spec.terms];
    const origins = new Map(
      terms.map((term, i) => [term, `${path}${Array.isArray(spec) ? "" : ".terms"}[${i}]`]),
    );
    lexicons.set(name, {
      name,
      terms,
      obfuscated: !Array.isArray(spec) && spec.obfuscated === true,
      path,
      origins,
    });
  };
  for (const [name, spec] of Object.entries(base.lexicons)) addLexicon(name, spec, `base.lexicons.${name}`);

  let rules: Array<{ spec: RuleSpec; path: string }> = base.rules.map((spec, i) => ({
    spec,
    path: `base.rules[${i}]`,
  }));
  const allowTerms = [...base.allowTerms];
  const platforms = base.platforms.map((platform) => ({ ...platform, aliases: [...platform.aliases] }));
  const famousNames = [...base.famousNames];
  const trustAllowedPlatforms: string[] = [];
  const nicknames: Record<string, string[]> = {};
  const clauseMap = new Map<string, string>();
  let version = base.version;

  extensions.forEach((extension, e) => {
    const at = `extensions[${e}]`;
    version += `+${extension.name}.${extension.version}`;
    for (const [name, spec] of Object.entries(extension.lexicons ?? {}))
      addLexicon(name, spec, `${at}.lexicons.${name}`);
    for (const [name, terms] of Object.entries(extension.addTerms ?? {})) {
      const lexicon = lexicons.get(name);
      if (!lexicon) errors.push({ path: `${at}.addTerms.${name}`, message: unknownLexicon(name, lexicons) });
      else {
        terms.forEach((term, i) => {
          lexicon.origins.set(term, `${at}.addTerms.${name}[${i}]`);
        });
        lexicon.terms.push(...terms);
      }
    }
    for (const [name, terms] of Object.entries(extension.removeTerms ?? {})) {
      const lexicon = lexicons.get(name);
      if (!lexicon)
        errors.push({ path: `${at}.removeTerms.${name}`, message: unknownLexicon(name, lexicons) });
      else lexicon.terms = lexicon.terms.filter((term) => !terms.includes(term));
    }
    allowTerms.push(...(extension.allowTerms ?? []));
    trustAllowedPlatforms.push(...(extension.allowedPlatforms ?? []));
    platforms.push(...(extension.platforms ?? []));
    famousNames.push(...(extension.famousNames ?? []));
    for (const [slug, names] of Object.entries(extension.nicknames ?? {})) {
      nicknames[slug] = [...(nicknames[slug] ?? []), ...names];
    }
    for (const [from, to] of Object.entries(extension.clauseMap ?? {})) clauseMap.set(from, to);
    const disabled = new Set(extension.disableRules ?? []);
    (extension.disableRules ?? []).forEach((id, i) => {
      if (!rules.some((rule) => rule.spec.id === id)) {
        errors.push({ path: `${at}.disableRules[${i}]`, message: `no rule has the id ${id}` });
      }
    });
    rules = rules.filter((rule) => !disabled.has(rule.spec.id));
    (extension.rules ?? []).forEach((spec, i) => {
      rules.push({ spec, path: `${at}.rules[${i}]` });
    });
  });

  // Inside a word list "@otherList" is only the literal handle, so it never matched what it meant
  // (a rule names several lists in its own terms instead): refused where it is. A real handle
  // ("@MrsSmithMaths") is a term like any other.
  const isListName = (term: string) =>
    term.startsWith("@") &&
    (lexicons.has(term.slice(1)) || (SCHOOL_LEXICONS as readonly string[]).includes(term.slice(1)));
  for (const lexicon of lexicons.values()) {
    for (const term of lexicon.terms.filter(isListName)) {
      errors.push({
        path: lexicon.origins.get(term) ?? lexicon.path,
        message: `a word list cannot name another list (${term}); name both lists in the rule's terms`,
      });
    }
  }

  // Lexicon ids: entities first, then named word lists, then school lists, then inline lists.
  const ids = new Map<string, number>();
  for (const [i, name] of ENTITY_NAMES.entries()) ids.set(name, i);
  const entityIds = Object.fromEntries(ENTITY_NAMES.map((name, i) => [name, i])) as unknown as EntityIds;
  let next = ENTITY_NAMES.length;
  for (const name of lexicons.keys()) ids.set(`@${name}`, next++);
  const schoolLexiconIds = {} as Record<SchoolLexicon, number>;
  for (const name of SCHOOL_LEXICONS) {
    schoolLexiconIds[name] = next;
    ids.set(`@${name}`, next++);
  }
  const allowLexId = next++;
  const sources: LexiconSource[] = [...lexicons.values()].map((lexicon) => ({
    lexId: ids.get(`@${lexicon.name}`)!,
    name: lexicon.name,
    terms: lexicon.terms,
    obfuscated: lexicon.obfuscated,
  }));
  sources.push({ lexId: allowLexId, name: "allowTerms", terms: allowTerms, obfuscated: false });

  const entityMap = new Map<string, number>(ENTITY_NAMES.map((name, i) => [name, i]));
  const inline = new Map<string, number>();
  const resolveTerms = (terms: string | string[], path: string): number[] => {
    const list = typeof terms === "string" ? [terms] : terms;
    const out: number[] = [];
    list.forEach((term, i) => {
      const where = typeof terms === "string" ? path : `${path}[${i}]`;
      if (term.startsWith("@")) {
        const id = ids.get(term);
        if (id === undefined) errors.push({ path: where, message: unknownLexicon(term.slice(1), lexicons) });
        else out.push(id);
        return;
      }
      if (/^\$[A-Za-z][A-Za-z0-9]*$/.test(term)) {
        const id = entityMap.get(term);
        if (id === undefined)
          errors.push({ path: where, message: `unknown entity ${term}; known: ${ENTITY_NAMES.join(", ")}` });
        else out.push(id);
        return;
      }
      const parsed = parseTerm(term, entityMap);
      if (!parsed.ok) {
        errors.push({ path: where, message: parsed.message });
        return;
      }
      let id = inline.get(term);
      if (id === undefined) {
        id = next++;
        inline.set(term, id);
        sources.push({ lexId: id, name: `inline "${term}"`, terms: [term], obfuscated: false });
      }
      out.push(id);
    });
    return out;
  };

  const compiledRules: CompiledRule[] = [];
  const seenIds = new Map<string, string>();
  for (const { spec, path } of rules) {
    const earlier = seenIds.get(spec.id);
    if (earlier)
      errors.push({ path: `${path}.id`, message: `the id ${spec.id} is already used by ${earlier}` });
    seenIds.set(spec.id, path);
    const rule = compileRule(spec, path, { resolveTerms, errors, clauseMap });
    if (rule) compiledRules.push(rule);
  }

  const compiledIndex = compileTermIndex({ lexicons: sources, entityIds: entityMap });
  if (!compiledIndex.ok) {
    for (const error of compiledIndex.errors) {
      const lexicon = lexicons.get(error.lexicon);
      const path = lexicon?.origins.get(error.term) ?? lexicon?.path ?? error.lexicon;
      errors.push({ path, message: error.message });
    }
  }
  if (errors.length > 0 || !compiledIndex.ok) return { ok: false, errors };

  return {
    ok: true,
    ruleSet: {
      version,
      rules: compiledRules,
      index: compiledIndex.index,
      lexiconCount: next,
      lexiconIds: ids,
      entityIds,
      schoolLexiconIds,
      allowLexId,
      platforms,
      trustAllowedPlatforms,
      nicknames,
      famousNames: new Set(famousNames.map((name) => foldPhrase(name))),
      commonWordNames: new Set(base.commonWordNames.map((name) => foldPhrase(name))),
    },
  };
}

export function foldPhrase(phrase: string): string {
  const parsed = parseTerm(phrase, new Map());
  return parsed.ok
    ? parsed.seq.map((part) => ("value" in part ? part.value : "")).join(" ")
    : phrase.toLowerCase();
}

function unknownLexicon(name: string, lexicons: Map<string, LexiconDraft>): string {
  const known = [...lexicons.keys(), ...SCHOOL_LEXICONS].join(", ");
  return `no word list named ${name}; known: ${known}`;
}

interface CompileRuleContext {
  resolveTerms: (terms: string | string[], path: string) => number[];
  errors: RuleSetError[];
  clauseMap: Map<string, string>;
}

function compileRule(spec: RuleSpec, path: string, context: CompileRuleContext): CompiledRule | null {
  const { errors, clauseMap } = context;
  const errorCount = errors.length;
  const defaultGap = spec.gap ?? 0;
  const slots = spec.match.map((slot, i) => compileSlot(slot, `${path}.match[${i}]`, defaultGap, context));
  if (slots[0]?.optional)
    errors.push({ path: `${path}.match[0]`, message: "the first slot cannot be optional" });

  const severityByContext: Partial<Record<PostContext, Severity>> = {};
  const clauseByContext: Partial<Record<PostContext, string>> = {};
  const contexts = spec.contexts ?? (typeof spec.severity === "string" ? POST_CONTEXTS : undefined);
  for (const name of POST_CONTEXTS) {
    const level = typeof spec.severity === "string" ? spec.severity : spec.severity[name];
    if (!level || (contexts && !contexts.includes(name))) continue;
    const clause = typeof spec.clause === "string" ? spec.clause : spec.clause[name];
    if (!clause) {
      errors.push({ path: `${path}.clause`, message: `no clause given for the ${name} context` });
      continue;
    }
    severityByContext[name] = level;
    clauseByContext[name] = clauseMap.get(clause) ?? clause;
  }
  if (Object.keys(severityByContext).length === 0) {
    errors.push({ path: `${path}.severity`, message: "the rule applies in no context" });
  }
  for (const field of ["explanation", "suggestion"] as const) {
    const template = spec[field];
    if (!template) continue;
    for (const match of template.matchAll(/\{([^}]*)\}/g)) {
      if (!placeholders.has(match[1]!)) {
        errors.push({
          path: `${path}.${field}`,
          message: `unknown placeholder {${match[1]}}; use ${[...placeholders].map((p) => `{${p}}`).join(", ")}`,
        });
      }
    }
  }
  const conditions = (list: ConditionSpec[] | undefined, name: string) =>
    (list ?? []).map((condition, i) => compileCondition(condition, `${path}.${name}[${i}]`, context));
  const guard = (value: RuleSpec["notAfter"], name: string): CompiledGuard | undefined =>
    value
      ? { lexIds: context.resolveTerms(value.terms, `${path}.${name}.terms`), window: value.window }
      : undefined;
  const rule: CompiledRule = {
    id: spec.id,
    family: spec.family,
    severity: severityByContext,
    clause: clauseByContext,
    alsoClauses: (spec.alsoClauses ?? []).map((clause) => clauseMap.get(clause) ?? clause),
    slots: slots.filter((slot): slot is CompiledSlot => slot !== null),
    near: conditions(spec.near, "near"),
    notNear: conditions(spec.notNear, "notNear"),
    notAfter: guard(spec.notAfter, "notAfter"),
    notBefore: guard(spec.notBefore, "notBefore"),
    explanation: spec.explanation,
    suggestion: spec.suggestion,
  };
  return errors.length > errorCount ? null : rule;
}

function compileSlot(
  slot: SlotSpec,
  path: string,
  defaultGap: number,
  context: CompileRuleContext,
): CompiledSlot | null {
  if (typeof slot === "string" || Array.isArray(slot)) {
    return { lexIds: context.resolveTerms(slot, path), gap: defaultGap, optional: false };
  }
  const gap = slot.gap ?? defaultGap;
  const optional = slot.optional === true;
  if ((slot.terms === undefined) === (slot.tokenRegex === undefined)) {
    context.errors.push({ path, message: "a slot needs either terms or tokenRegex, not both" });
    return null;
  }
  if (slot.terms !== undefined)
    return { lexIds: context.resolveTerms(slot.terms, `${path}.terms`), gap, optional };
  const regex = compileTokenRegex(slot.tokenRegex!, `${path}.tokenRegex`, context.errors);
  return regex ? { lexIds: [], regex, gap, optional } : null;
}

function compileCondition(
  condition: ConditionSpec,
  path: string,
  context: CompileRuleContext,
): CompiledCondition {
  return {
    lexIds: context.resolveTerms(condition.terms, `${path}.terms`),
    exceptLexIds: condition.except ? context.resolveTerms(condition.except, `${path}.except`) : [],
    scope: condition.window ? "window" : (condition.scope ?? "sentence"),
    window: condition.window ?? 0,
  };
}

// A quantified group that itself contains a quantifier ("(a+)+", "(\w*)*", "(a|aa){2,}") can take
// exponential time on a crafted word; such patterns are refused rather than timed.
const nestedQuantifier = /\((?:[^()\\]|\\.)*[*+}](?:[^()\\]|\\.)*\)[*+{?]/;
const backReference = /\\[1-9]|\\k</;

export function compileTokenRegex(source: string, path: string, errors: RuleSetError[]): RegExp | null {
  if (nestedQuantifier.test(source)) {
    errors.push({
      path,
      message: "nested quantifiers such as (a+)+ can hang the checker; rewrite without them",
    });
    return null;
  }
  if (backReference.test(source)) {
    errors.push({ path, message: "back-references are not allowed in token patterns" });
    return null;
  }
  try {
    return new RegExp(source, "u");
  } catch (error) {
    errors.push({ path, message: `not a valid regular expression: ${(error as Error).message}` });
    return null;
  }
}
