import { customerRegistered } from "@/server/vocabulary/events";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { queueWelcomeMessage } from "@/server/users";

/** customer/registered → queue the welcome message, once per event however often it arrives. */
export const customerWelcome = inngest.createFunction(
  { id: "customer-welcome", retries: 5, triggers: [customerRegistered] },
  async ({ event, step }) =>
    step.run("queue-welcome-message", () => queueWelcomeMessage(db(), event.data.meta, event.data.payload)),
);
