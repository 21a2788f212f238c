package jp.callmail.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the Message-ID of each outbox row: unique, and in the sender's own domain (RFC 5322). */
@ApplicationScoped
public class MessageIds {

  @Inject
  @ConfigProperty(name = "callmail.mail.sender", defaultValue = "noreply@callmail.test")
  String sender;

  public String next() {
    String domain = sender.substring(sender.indexOf('@') + 1).replace(">", "").strip();
    return "callmail." + UUID.randomUUID() + "@" + domain;
  }
}
