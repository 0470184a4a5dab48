import { connect } from "node:net";
import nodemailer from "nodemailer";
import { afterAll, describe, expect, it } from "vitest";
import { startSmtpInbox, type SmtpInbox } from "./smtp-inbox";

let inbox: SmtpInbox | undefined;
afterAll(() => inbox?.close());

/**
 * Opens an SMTP session, starts a transaction (EHLO, MAIL FROM), then resets the connection (RST),
 * as a client killed mid-send does: smtp-server reports that as an "error" event on the server.
 */
async function resetMidTransaction(url: string): Promise<void> {
  const { port } = new URL(url);
  await new Promise<void>((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1");
    const script = ["EHLO test.example\r\n", "MAIL FROM:<a@example.com>\r\n"];
    socket.once("error", reject);
    socket.on("data", (chunk) => {
      if (!/^\d{3} /m.test(chunk.toString())) return; // a multi-line reply is not finished yet
      const next = script.shift();
      if (next) return void socket.write(next);
      socket.resetAndDestroy();
      resolve();
    });
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
}

describe("the test SMTP server (issue 14)", () => {
  it("outlives clients that reset their connection mid-session, and still receives mail after", async () => {
    inbox = await startSmtpInbox();
    for (let i = 0; i < 3; i++) await resetMidTransaction(inbox.url);
    await nodemailer.createTransport(inbox.url).sendMail({ from: "a@example.com", to: "b@example.com", subject: "after resets", text: "still here" });
    expect(inbox.to("b@example.com").map((m) => m.subject)).toEqual(["after resets"]);
  });
});
