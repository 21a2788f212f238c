package jp.callmail.sip.api;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the application says about a caller of the IVR: the lines it may set a temporary password
 * for. The caller's own number if it is a service line, and every line that lists it as an
 * authentication number (認証用番号). No lines: the caller is refused.
 *
 * @param callerNumber the caller's number in national form
 * @param lines the lines this caller may act on; empty when the caller is refused
 */
public record IvrCaller(String callerNumber, List<IvrLine> lines) implements Serializable {

  public IvrCaller {
    Objects.requireNonNull(callerNumber, "callerNumber");
    lines = List.copyOf(lines);
  }

  /** A caller that is neither a service line nor an authentication number. */
  public static IvrCaller refused(String callerNumber) {
    return new IvrCaller(callerNumber, List.of());
  }

  public boolean isRefused() {
    return lines.isEmpty();
  }

  /** The line with this number among the caller's lines. */
  public Optional<IvrLine> line(String number) {
    return lines.stream().filter(l -> l.number().equals(number)).findFirst();
  }

  /** Whether any of the caller's lines has the option. */
  public boolean anyOffers(IvrService service) {
    return lines.stream().anyMatch(l -> l.offers(service));
  }
}
