/** What a single-use account token is for (the emailed links of server/users/account-links.ts). */
export const accountTokenPurposes = ["password-reset", "email-change"] as const;
export type AccountTokenPurpose = (typeof accountTokenPurposes)[number];

/** Where a consent change came from (CS-P1-03): recorded with every version. */
export const consentSources = ["account-page", "account-deletion"] as const;
export type ConsentSource = (typeof consentSources)[number];

export const consentSourceLabels: Record<ConsentSource, string> = {
  "account-page": "Your account page",
  "account-deletion": "Account deletion",
};

/** How often marketing mail may come, when the customer agreed to it. */
export const newsletterFrequencies = ["weekly", "monthly"] as const;
export type NewsletterFrequency = (typeof newsletterFrequencies)[number];

/** A customer's marketing consent and preferences: one version of them. */
export type ConsentChoices = { marketingEmail: boolean; marketingSms: boolean; newsletterFrequency: NewsletterFrequency };

/** Before the customer has said anything: no consent (opt-in, never opt-out). */
export const noConsent: ConsentChoices = { marketingEmail: false, marketingSms: false, newsletterFrequency: "monthly" };

/** Bounds of the profile fields (CS-P0-03), shared by the form and the server. */
export const PROFILE_NAME_MAX = 100;
export const EMAIL_MAX = 254;
export const PHONE_MAX = 25;
export const MAX_SAVED_ADDRESSES = 20;
