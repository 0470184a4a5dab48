import pino from "pino";
import { env } from "@/server/env";

/** Structured JSON logs; components add `component`, requests add ids. */
export const logger = pino({
  level: env().logLevel,
  base: { service: "depot" },
  redact: { paths: ["*.password", "*.passwordHash", "*.authorization", "*.cookie"], censor: "[redacted]" },
});

export type Logger = typeof logger;
