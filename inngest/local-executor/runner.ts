/** Calls the serve endpoint for one job and turns the SDK's answer into the run's next moves. */
import { outgoingOpsSchema } from "./schemas";
import { isOpen, requestBody, type Job } from "./run-state";
import { handleOps } from "./ops";
import { requestDiscovery, retryAfterFrom, toSerializedError, type RunnerHost } from "./host";
import { canonicalJson, SIGNATURE_HEADER, signatureHeader, verifySignature } from "./signing";

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function executeJob(host: RunnerHost, job: Job): Promise<void> {
  const { run } = job;
  const isDiscovery = job.stepId === "step";
  let retrying = false;
  const retry = (error: unknown, delayMs?: number) => {
    retrying = true;
    host.retry(job, error, delayMs);
  };
  try {
    if (!isOpen(run)) return;
    job.run.record.attempts = Math.max(run.record.attempts, job.attempt + 1);
    const url = new URL(host.serveUrl);
    url.searchParams.set("fnId", run.fn.id);
    url.searchParams.set("stepId", job.stepId);
    // Signed with the real clock: the SDK checks the signature's age against its own.
    const payload = canonicalJson(requestBody(run, job.attempt));
    const request = new Request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-inngest-server-kind": "cloud",
        "x-run-id": run.record.runId,
        [SIGNATURE_HEADER]: signatureHeader(payload, host.signingKey, new Date()),
      },
      body: payload,
    });
    let response: Response;
    try {
      response = await host.callServe(request);
    } catch (err) {
      return retry(toSerializedError(err));
    }
    const text = await response.text();
    if (!isOpen(run)) return;
    const noRetry = response.headers.get("x-inngest-no-retry") === "true";
    if ((response.status === 200 || response.status === 206) && !verifySignature(text, response.headers.get(SIGNATURE_HEADER), host.signingKey, new Date())) {
      return retry({ name: "Error", message: `the serve endpoint's ${response.status} answer is not signed with the signing key` });
    }
    if (response.status === 200) return host.complete(run, parseJson(text));
    if (response.status === 206) {
      const ops = outgoingOpsSchema.safeParse(parseJson(text));
      if (!ops.success) return host.fail(run, { name: "Error", message: `local executor: unexpected 206 body: ${text.slice(0, 500)}` });
      // Awaited, so the discovery bookkeeping in `finally` runs after the ops are applied.
      return await handleOps(host, job, ops.data, response.headers);
    }
    const body = parseJson(text);
    const error = typeof body === "object" && body !== null ? body : { name: "Error", message: `serve endpoint answered ${response.status}: ${String(body)}` };
    if (noRetry || response.status === 400) return host.fail(run, error);
    retry(error, retryAfterFrom(response, host.now()));
  } finally {
    if (isDiscovery && !retrying) {
      run.discovering = false;
      if (run.rediscover) {
        run.rediscover = false;
        requestDiscovery(host, run);
      }
    }
  }
}
