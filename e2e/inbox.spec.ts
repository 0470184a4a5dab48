import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import nodemailer from "nodemailer";
import { inbox, smtpPort } from "./inbox";

// The harness itself: what goes over SMTP to the suite's server comes back parsed to the specs.
test("issue 14: a message sent over SMTP to the e2e mail server is read back parsed, text and HTML, and counted per address", async () => {
  const to = `harness-${randomUUID().slice(0, 8)}@example.com`;
  const transport = nodemailer.createTransport(`smtp://127.0.0.1:${smtpPort()}`);
  await transport.sendMail({
    from: "Depot <shop@depot.test>",
    to,
    subject: "Harness check: order D000042",
    text: "Total $12.34",
    html: "<p>Total <strong>$12.34</strong></p>",
  });

  const mail = await inbox.waitFor({ to, subject: /^Harness check: order D\d+$/ });
  expect(mail).toMatchObject({ from: ["shop@depot.test"], to: [to], messageId: expect.stringMatching(/^<.+@.+>$/) });
  expect(mail.text.trim()).toBe("Total $12.34");
  expect(mail.html).toContain("<strong>$12.34</strong>");
  expect(await inbox.count({ to })).toBe(1);

  await transport.sendMail({ from: "shop@depot.test", to, subject: "Second", text: "again" });
  await inbox.waitFor({ to, subject: "Second" });
  expect(await inbox.count({ to })).toBe(2);
  expect(await inbox.count({ to, subject: "Harness check" })).toBe(1);
  expect(await inbox.count({ to: `other-${to}` })).toBe(0);
  await expect(inbox.waitFor({ to, subject: "never sent" }, { timeoutMs: 500 })).rejects.toThrow(
    `no mail to ${to} with subject never sent within 0.5 s; received for that address: "Harness check: order D000042", "Second"`,
  );
});
