import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export type Fact = { label: string; value: string };
export type Action = { label: string; href: string };

const page = { backgroundColor: "#f8fafc", fontFamily: "Helvetica, Arial, sans-serif", color: "#0f172a" };
const card = { backgroundColor: "#ffffff", margin: "24px auto", padding: "24px", maxWidth: "560px", borderRadius: "8px" };
const button = { backgroundColor: "#1d4ed8", color: "#ffffff", padding: "12px 20px", borderRadius: "6px", fontWeight: 600 };

/** The frame every Depot mail shares: a heading, its paragraphs, the facts that matter, one button. */
export function MailLayout({ preview, heading, facts = [], action, children }: { preview: string; heading: string; facts?: Fact[]; action?: Action; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={page}>
        <Container style={card}>
          <Heading as="h1" style={{ fontSize: "22px" }}>
            {heading}
          </Heading>
          {children}
          {facts.length > 0 && (
            <Section>
              {facts.map((f) => (
                <Text key={f.label} style={{ margin: "4px 0" }}>
                  <strong>{f.label}:</strong> {f.value}
                </Text>
              ))}
            </Section>
          )}
          {action && (
            <Section style={{ margin: "24px 0" }}>
              <Button href={action.href} style={button}>
                {action.label}
              </Button>
              <Text style={{ fontSize: "12px", color: "#475569" }}>
                Or open this link: <Link href={action.href}>{action.href}</Link>
              </Text>
            </Section>
          )}
          <Hr />
          <Text style={{ fontSize: "12px", color: "#64748b" }}>Depot · This is a transactional message about your order or account.</Text>
        </Container>
      </Body>
    </Html>
  );
}
