package jp.callmail.infrastructure.mail;

import java.time.Instant;
import java.util.List;

/**
 * What one claim took: the rows, ready to compose, and the lease on them. The token is stamped on
 * every row of the claim; renewing, releasing and recording are done only where it still is.
 *
 * @param token this claim's own token (a random UUID)
 * @param until when the lease ends unless renewed
 */
public record ClaimedMails(String token, Instant until, List<PreparedMail> mails) {

  static final ClaimedMails NONE = new ClaimedMails("", Instant.EPOCH, List.of());

  public ClaimedMails {
    mails = List.copyOf(mails);
  }

  /** The ids of the claimed rows, in the claim's order. */
  List<Long> ids() {
    return mails.stream().map(PreparedMail::id).toList();
  }
}
