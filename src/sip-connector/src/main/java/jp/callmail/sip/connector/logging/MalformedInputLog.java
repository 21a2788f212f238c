package jp.callmail.sip.connector.logging;

import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one line that a malformed SIP message costs in the log: where it came from, its first line
 * and why it was refused, escaped and cut short, at INFO, at most {@value #LINES_PER_MINUTE} a
 * minute (then a count per minute, see {@link RateLimitedLog}).
 *
 * <p>Anyone who reaches the SIP port can send malformed messages, as many as they like: each must
 * cost a bounded, printable line, never the message's bytes or a stack trace. Control and non-ASCII
 * bytes become {@code \xNN}, so that a message cannot forge log lines or carry terminal escapes
 * into an operator's console.
 *
 * <p>The stack parses, reports and logs on the thread that received the message; {@link #parsing}
 * names that message for the thread, so that a log call of the stack about it (see {@link
 * JulStackLogger}) can tell whose message it is and that it was already reported.
 */
public final class MalformedInputLog {

  static final int LINES_PER_MINUTE = 10;
  static final int MAX_FIRST_LINE = 120;
  static final int MAX_REASON = 150;

  private static final Logger LOG = Logger.getLogger(MalformedInputLog.class.getName());
  private static final MalformedInputLog SHARED =
      new MalformedInputLog(
          new RateLimitedLog(
              LOG, Level.INFO, "malformed SIP messages", LINES_PER_MINUTE, System::nanoTime));
  private static final ThreadLocal<Input> CURRENT = new ThreadLocal<>();

  /** The message a thread is handling: its source ("address:port/TRANSPORT") and first line. */
  public record Input(String source, String firstLine) {}

  private final RateLimitedLog log;

  MalformedInputLog(RateLimitedLog log) {
    this.log = log;
  }

  /** The log of the SIP stack in this JVM (one stack per adapter). */
  public static MalformedInputLog shared() {
    return SHARED;
  }

  /** Notes on this thread which message it now handles (until the next one). */
  public static void parsing(Input input) {
    CURRENT.set(input);
  }

  /** The message this thread handles, or null when none was named. */
  public static Input current() {
    return CURRENT.get();
  }

  /** Reports a malformed message; returns whether a line was written (else it was counted). */
  public boolean report(Input input, String reason) {
    String line =
        "Malformed SIP message from "
            + input.source()
            + ": \""
            + input.firstLine()
            + "\" ("
            + escape(reason == null ? "unknown error" : reason, MAX_REASON)
            + ")";
    return log.log(input.source(), line);
  }

  /**
   * Writes the summary of the last minute if one is due; the proxy server calls it every minute.
   */
  public void flush() {
    log.flush();
  }

  /** The first line of a message (after any leading blank lines), escaped and cut short. */
  public static String firstLine(byte[] message) {
    if (message == null) {
      return "";
    }
    int start = 0;
    while (start < message.length && (message[start] == '\r' || message[start] == '\n')) {
      start++;
    }
    int end = start;
    while (end < message.length
        && message[end] != '\r'
        && message[end] != '\n'
        && end - start <= MAX_FIRST_LINE * 4) {
      end++;
    }
    return escape(
        new String(message, start, end - start, StandardCharsets.ISO_8859_1), MAX_FIRST_LINE);
  }

  /**
   * The text with every character outside printable ASCII (and the backslash) written as {@code
   * \xNN} (characters above 0xFF as {@code \x{NNNN}}), cut to {@code max} characters with "..."
   * when longer.
   */
  public static String escape(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
    for (int i = 0; i < text.length(); i++) {
      if (out.length() >= max) {
        out.setLength(max);
        return out.append("...").toString();
      }
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append(c);
      } else if (c == '\uFFFD') {
        out.append('?'); // a byte that was not UTF-8, already lost by whoever decoded it
      } else if (c <= 0xff) {
        out.append(String.format("\\x%02X", (int) c));
      } else {
        out.append(String.format("\\x{%04X}", (int) c));
      }
    }
    return out.toString();
  }
}
