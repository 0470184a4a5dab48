import { Text } from "@react-email/components";
import { MailLayout } from "./layout";

export function WelcomeMail({ name, email, shopUrl }: { name: string; email: string; shopUrl: string }) {
  return (
    <MailLayout preview={`Welcome to Depot, ${name}`} heading={`Welcome to Depot, ${name}`} action={{ label: "Start shopping", href: shopUrl }}>
      <Text>Hi {name}, your Depot account for {email} is ready. Happy shopping!</Text>
    </MailLayout>
  );
}

export function PasswordResetMail({ name, link, expiresAt }: { name: string; link: string; expiresAt: string }) {
  return (
    <MailLayout preview="Reset your Depot password" heading="Reset your password" facts={[{ label: "Link valid until", value: expiresAt }]} action={{ label: "Choose a new password", href: link }}>
      <Text>Hi {name}, someone asked to reset the password of your Depot account. The link works once. If it was not you, ignore this mail: your password stays as it is.</Text>
    </MailLayout>
  );
}

export function EmailChangeMail({ name, email, link, expiresAt }: { name: string; email: string; link: string; expiresAt: string }) {
  return (
    <MailLayout preview="Confirm your new email address" heading="Confirm your new email address" facts={[{ label: "New address", value: email }, { label: "Link valid until", value: expiresAt }]} action={{ label: "Confirm this address", href: link }}>
      <Text>Hi {name}, please confirm that {email} is the new email address of your Depot account. The link works once. If you did not ask for this, ignore this mail.</Text>
    </MailLayout>
  );
}
