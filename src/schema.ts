// Every capability's tables, gathered for Drizzle (queries and drizzle-kit migrations).
export * from "./platform/audit/schema";
export * from "./core/people/schema";
export * from "./core/calendar/schema";
export * from "./platform/auth/schema";
export * from "./platform/mail/schema";
export * from "./policy/schema";
export * from "./declarations/schema";
export * from "./posts/schema";
export * from "./monitoring/schema";
export * from "./acknowledgements/schema";
export * from "./questions/schema";
export * from "./accounts/schema";
export * from "./platform/auth/step-up-schema";
export * from "./concerns/schema";
export * from "./subject-access/schema";
export * from "./training/schema";
