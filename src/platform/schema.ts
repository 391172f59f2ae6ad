// Every capability's tables, gathered for Drizzle (queries and drizzle-kit migrations).
export * from "./audit/schema";
export * from "../core/people/schema";
export * from "./auth/schema";
export * from "./mail/schema";
export * from "../policy/schema";
export * from "../declarations/schema";
export * from "../posts/schema";
