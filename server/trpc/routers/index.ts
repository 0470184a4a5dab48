import { router } from "../init";
import { accountRouter } from "./account";
import { consoleRouter } from "./console";

export const appRouter = router({
  account: accountRouter,
  console: consoleRouter,
});

export type AppRouter = typeof appRouter;
