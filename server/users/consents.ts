import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { newsletterFrequencies, noConsent, type ConsentChoices, type ConsentSource } from "@/server/vocabulary/accounts";
import type { DbOrTx, Tx } from "@/db/client";
import { consentVersions, type ConsentVersion } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { lockLiveUser } from "./account";

export const consentChoicesInput = z.object({
  marketingEmail: z.boolean(),
  marketingSms: z.boolean(),
  newsletterFrequency: z.enum(newsletterFrequencies, { error: "Choose weekly or monthly" }),
});
export const updateConsentInput = z.object({
  /** The version the form showed (0 before the first): a stale form is refused, not merged. */
  expectedVersion: z.number().int().min(0).max(2_147_483_647),
  choices: consentChoicesInput,
});

export type ConsentEntry = ConsentChoices & { version: number; actorId: string; actorRole: ConsentVersion["actorRole"]; source: ConsentSource; createdAt: Date };
export type ConsentState = { current: ConsentChoices & { version: number }; history: ConsentEntry[] };

const choicesOf = (v: Pick<ConsentVersion, keyof ConsentChoices>): ConsentChoices => ({
  marketingEmail: v.marketingEmail,
  marketingSms: v.marketingSms,
  newsletterFrequency: v.newsletterFrequency,
});

/** Every version, newest first, and the current state: the latest version (no consent before the first). */
export async function consentState(db: DbOrTx, userId: string): Promise<ConsentState> {
  const rows = await db.select().from(consentVersions).where(eq(consentVersions.userId, userId)).orderBy(desc(consentVersions.version));
  const history = rows.map((r) => ({ ...choicesOf(r), version: r.version, actorId: r.actorId, actorRole: r.actorRole, source: r.source, createdAt: r.createdAt }));
  const latest = history[0];
  return { current: latest ? { ...choicesOf(latest), version: latest.version } : { ...noConsent, version: 0 }, history };
}

/** Appends a version (who, when, what, from where); the history is never rewritten (CS-P1-03). */
export async function appendConsentVersion(tx: Tx, actor: SessionUser, userId: string, choices: ConsentChoices, source: ConsentSource, expectedVersion?: number): Promise<ConsentState> {
  await lockLiveUser(tx, userId);
  const { current } = await consentState(tx, userId);
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new DomainError("CONFLICT", "Your preferences were changed elsewhere (in another tab or device) after you opened this page. Reload to see them, then make your change again.", {
      reason: "stale_version",
    });
  }
  const unchanged = (Object.keys(choices) as (keyof ConsentChoices)[]).every((k) => choices[k] === current[k]);
  if (!unchanged || current.version === 0) {
    await tx.insert(consentVersions).values({ userId, version: current.version + 1, ...choices, actorId: actor.id, actorRole: actor.role, source });
  }
  return consentState(tx, userId);
}

/** The customer's own change on their account page. */
export function updateConsent(tx: Tx, customer: SessionUser, input: z.infer<typeof updateConsentInput>): Promise<ConsentState> {
  return appendConsentVersion(tx, customer, customer.id, input.choices, "account-page", input.expectedVersion);
}
