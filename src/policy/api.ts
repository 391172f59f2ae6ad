// The current policy as JSON: metadata and clauses (id, parent, actor, modality, exact text).
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ApiRoutes } from "../platform/web/api";
import type { SignedInEnv } from "../platform/web/context";
import { MODALITIES } from "./parsed-policy";
import { approvalIso, nextReviewIso } from "./approve-policy-version";
import { loadCurrentPolicy } from "./load-current-policy";

const Clause = z
  .object({
    id: z.string(),
    number: z.string(),
    parentId: z.string().nullable(),
    sectionNumber: z.string(),
    actor: z.string().nullable(),
    modality: z.enum(MODALITIES as unknown as [string, ...string[]]),
    heading: z.string().optional(),
    text: z.string(),
  })
  .openapi("Clause");

const NotFound = z.object({ error: z.string(), message: z.string() });

function current(c: Context<SignedInEnv>) {
  return loadCurrentPolicy(c.get("services").database.db);
}

function clauseJson(cl: z.infer<typeof Clause> & Record<string, unknown>) {
  return {
    id: cl.id,
    number: cl.number,
    parentId: cl.parentId,
    sectionNumber: cl.sectionNumber,
    actor: cl.actor,
    modality: cl.modality,
    heading: cl.heading,
    text: cl.text,
  };
}

/** The current policy's JSON operations. */
export function addPolicyOperations(api: ApiRoutes): void {
  api
    .add(
      {
        method: "get",
        path: "/api/v1/policy",
        summary: "The current policy: its version, approval, review date and clauses",
        responses: {
          200: {
            description: "The current version",
            content: {
              "application/json": {
                schema: z.object({
                  version: z.number(),
                  title: z.string(),
                  approvingBody: z.string().nullable(),
                  approvalDate: z.string().nullable(),
                  nextReviewDue: z.string().nullable(),
                  sections: z.array(z.object({ number: z.string(), title: z.string() })),
                  clauses: z.array(Clause),
                }),
              },
            },
          },
          404: {
            description: "No version has been approved yet",
            content: { "application/json": { schema: NotFound } },
          },
        },
      },
      { action: "policy.view" },
      async (c: Context<SignedInEnv>) => {
        const v = await current(c);
        if (!v)
          return c.json(
            { error: "not_found", message: "No version of the policy has been approved yet." },
            404,
          );
        return c.json(
          {
            version: v.number,
            title: v.title,
            approvingBody: v.approvingBody,
            approvalDate: approvalIso(v),
            nextReviewDue: nextReviewIso(v),
            sections: v.parsed.sections.map((s) => ({ number: s.number, title: s.title })),
            clauses: v.parsed.clauses.map((cl) => clauseJson(cl as never)),
          },
          200,
        );
      },
    )
    .add(
      {
        method: "get",
        path: "/api/v1/policy/clauses/{clause}",
        summary: "One clause of the current policy",
        request: { params: z.object({ clause: z.string().max(40) }) },
        responses: {
          200: {
            description:
              "The clause. sameNumber lists the ids of other clauses the policy gives the same number (a flaw to renumber; the second is reached as 3.2#2).",
            content: {
              "application/json": { schema: Clause.extend({ sameNumber: z.array(z.string()) }) },
            },
          },
          404: {
            description: "No such clause in the current policy",
            content: { "application/json": { schema: NotFound } },
          },
        },
      },
      { action: "policy.view" },
      async (c: Context<SignedInEnv>) => {
        const v = await current(c);
        const clause = v?.parsed.clauses.find((cl) => cl.id === c.req.param("clause"));
        if (!clause)
          return c.json({ error: "not_found", message: "No such clause in the current policy." }, 404);
        const sameNumber = v!.parsed.clauses
          .filter((cl) => cl.number === clause.number && cl.id !== clause.id)
          .map((cl) => cl.id);
        return c.json({ ...clauseJson(clause as never), sameNumber }, 200);
      },
    );
}
