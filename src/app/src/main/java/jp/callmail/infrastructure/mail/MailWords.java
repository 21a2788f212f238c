package jp.callmail.infrastructure.mail;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import jp.callmail.application.CallWords;
import jp.callmail.domain.model.call.CallOutcome;
import jp.callmail.domain.model.call.WithheldReason;

/**
 * The notice mail's words for 着信状態 and 非通知理由, read from {@code call-words.properties} beside this
 * class. They are the mail's text, so they live with the mail composer rather than in the domain's
 * enums or the SIP connector's; the call log's screens and API take them from here too (through
 * {@link CallWords}), so that the mail and the screens never disagree.
 *
 * <p>Read once, when the class loads, and checked there: a constant without a word fails the
 * deployment instead of printing an empty 着信状態 in a customer's mail.
 */
@ApplicationScoped
public class MailWords implements CallWords {

  private static final String RESOURCE = "call-words.properties";
  private static final Map<CallOutcome, String> OUTCOMES = new EnumMap<>(CallOutcome.class);
  private static final Map<WithheldReason, String> REASONS = new EnumMap<>(WithheldReason.class);

  static {
    Properties words = load();
    for (CallOutcome outcome : CallOutcome.values()) {
      OUTCOMES.put(outcome, required(words, "outcome." + outcome.name()));
    }
    for (WithheldReason reason : WithheldReason.values()) {
      REASONS.put(reason, required(words, "withheld." + reason.name()));
    }
  }

  @Override
  public String outcome(CallOutcome outcome) {
    return OUTCOMES.get(outcome);
  }

  @Override
  public String withheldReason(WithheldReason reason) {
    return REASONS.get(reason);
  }

  private static Properties load() {
    try (InputStream in = MailWords.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is missing beside " + MailWords.class.getName());
      }
      Properties words = new Properties();
      words.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return words;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static String required(Properties words, String key) {
    String word = words.getProperty(key);
    if (word == null) {
      throw new IllegalStateException(RESOURCE + " has no word for " + key);
    }
    return word;
  }
}
