package jp.callmail.sip.connector.journal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import jp.callmail.sip.api.CallCompletedRecord;
import jp.callmail.sip.api.CallKind;
import jp.callmail.sip.api.CallKindChange;
import jp.callmail.sip.api.CallOutcome;
import jp.callmail.sip.api.WithheldReason;

/**
 * One line of a journal segment: a record ({@code R}), a kind change ({@code K}) or the mark that
 * the application took one of them ({@code D}), as tab-separated fields ending in the CRC-32 of the
 * rest of the line.
 *
 * <p>{@code R} lines end in the call's kind; those written before calls had a kind lack that field
 * and read as {@link CallKind#VOICE}, so that a journal left by an older adapter still replays.
 *
 * <p>Text rather than Java serialization so that an operator can read a journal with {@code less}
 * and so that a changed class never makes old segments unreadable. Field values come from the
 * network (a Call-ID may hold any token character and be hundreds of characters long), so every
 * character that could break the format ({@code %}, tab, CR, LF, the other controls and the Unicode
 * line separators) and every unpaired surrogate is written as {@code %XXXX}, its UTF-16 code unit
 * in hex: the value reads back exactly. The CRC catches a line that a crash or a power loss left
 * half written or zero-filled.
 */
public final class JournalLine {

  private static final char RECORD = 'R';
  private static final char KIND_CHANGE = 'K';
  private static final char DONE = 'D';
  private static final int OLD_RECORD_FIELDS = 9;
  private static final int RECORD_FIELDS = 10;
  private static final int KIND_CHANGE_FIELDS = 6;

  private JournalLine() {}

  /** What a valid line says. */
  public sealed interface Parsed permits Entry, Done {
    long id();
  }

  /** A record or kind change appended to the journal under its id. */
  public record Entry(long id, CallReport report) implements Parsed {}

  /** The application took the record of this id. */
  public record Done(long id) implements Parsed {}

  /** The line for a record or a kind change, without the line feed. */
  public static String entry(long id, CallReport report) {
    if (report instanceof CallReport.KindChanged changed) {
      return entry(id, changed.change());
    }
    return entry(id, ((CallReport.Completed) report).record());
  }

  private static String entry(long id, CallKindChange c) {
    return withCrc(
        String.join(
            "\t",
            String.valueOf(KIND_CHANGE),
            Long.toString(id),
            escape(c.callId()),
            escape(c.calledNumber()),
            c.kind().name(),
            c.changedAt().toString()));
  }

  private static String entry(long id, CallCompletedRecord r) {
    return withCrc(
        String.join(
            "\t",
            String.valueOf(RECORD),
            Long.toString(id),
            escape(r.callId()),
            escape(r.calledNumber()),
            r.callTime().toString(),
            escape(r.callerNumber()),
            r.withheldReason().name(),
            Long.toString(r.ringingSeconds()),
            r.outcome().name(),
            r.kind().name()));
  }

  /** The done-mark of a record, without the line feed. */
  public static String done(long id) {
    return withCrc(DONE + "\t" + id);
  }

  /**
   * Reads one line (without its line feed).
   *
   * @throws IllegalArgumentException saying why when the line is torn, corrupt or of an unknown
   *     kind
   */
  public static Parsed parse(String line) {
    int lastTab = line.lastIndexOf('\t');
    if (lastTab < 0) {
      throw new IllegalArgumentException("no checksum");
    }
    String body = line.substring(0, lastTab);
    if (!line.substring(lastTab + 1).equals(crc(body))) {
      throw new IllegalArgumentException("checksum mismatch");
    }
    List<String> fields = split(body);
    try {
      long id = Long.parseLong(fields.get(1));
      if (fields.get(0).equals(String.valueOf(DONE)) && fields.size() == 2) {
        return new Done(id);
      }
      if (fields.get(0).equals(String.valueOf(RECORD))
          && (fields.size() == RECORD_FIELDS || fields.size() == OLD_RECORD_FIELDS)) {
        return new Entry(
            id,
            CallReport.of(
                new CallCompletedRecord(
                    unescape(fields.get(2)),
                    unescape(fields.get(3)),
                    Instant.parse(fields.get(4)),
                    unescape(fields.get(5)),
                    WithheldReason.valueOf(fields.get(6)),
                    Long.parseLong(fields.get(7)),
                    CallOutcome.valueOf(fields.get(8)),
                    fields.size() == RECORD_FIELDS
                        ? CallKind.valueOf(fields.get(9))
                        : CallKind.VOICE)));
      }
      if (fields.get(0).equals(String.valueOf(KIND_CHANGE))
          && fields.size() == KIND_CHANGE_FIELDS) {
        return new Entry(
            id,
            CallReport.of(
                new CallKindChange(
                    unescape(fields.get(2)),
                    unescape(fields.get(3)),
                    CallKind.valueOf(fields.get(4)),
                    Instant.parse(fields.get(5)))));
      }
    } catch (IndexOutOfBoundsException | DateTimeParseException e) {
      throw new IllegalArgumentException("malformed fields: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "unknown kind of line '" + fields.get(0) + "' with " + fields.size() + " fields");
  }

  /** The value with every character that could break a line written as {@code %XXXX}. */
  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean pairedSurrogate =
          Character.isHighSurrogate(c)
              && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(i + 1));
      if (pairedSurrogate) {
        out.append(c).append(value.charAt(++i));
      } else if (c == '%'
          || c < 0x20
          || (c >= 0x7f && c <= 0x9f)
          || c == '\u2028'
          || c == '\u2029'
          || Character.isSurrogate(c)) {
        out.append('%').append(String.format("%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static String unescape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 5 > value.length()) {
        throw new IllegalArgumentException("cut escape at " + i);
      }
      try {
        out.append((char) Integer.parseInt(value.substring(i + 1, i + 5), 16));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad escape at " + i, e);
      }
      i += 4;
    }
    return out.toString();
  }

  private static List<String> split(String body) {
    List<String> fields = new ArrayList<>(RECORD_FIELDS);
    int start = 0;
    for (int tab = body.indexOf('\t'); tab >= 0; tab = body.indexOf('\t', start)) {
      fields.add(body.substring(start, tab));
      start = tab + 1;
    }
    fields.add(body.substring(start));
    return fields;
  }

  private static String withCrc(String body) {
    return body + '\t' + crc(body);
  }

  private static String crc(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }
}
