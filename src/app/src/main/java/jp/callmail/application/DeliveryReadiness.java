package jp.callmail.application;

import java.util.ArrayList;
import java.util.List;
import jp.callmail.application.Views.SettingsView;

/**
 * Why a line's settings, as saved, would mail nothing at all: a subscriber who saves settings that
 * silently send nothing thinks the service works until the call that mattered. The portal shows
 * these reasons (and refuses to start with no address to send to); the codes are keys of its texts.
 */
public final class DeliveryReadiness {

  /** The line is stopped. */
  public static final String STOPPED = "stopped";

  /** No registered address has 送信する checked. */
  public static final String NO_SENDING_ADDRESS = "no-sending-address";

  /** 発信電話番号指定通知 is on, and no designated number has 設定する checked. */
  public static final String NO_DESIGNATED_NUMBER = "no-designated-number";

  private DeliveryReadiness() {}

  /**
   * The reasons no call would be mailed, in the order a subscriber would fix them; empty when mail
   * would go.
   */
  public static List<String> reasons(SettingsView s) {
    List<String> reasons = new ArrayList<>();
    if (!Boolean.TRUE.equals(s.active())) {
      reasons.add(STOPPED);
    }
    if (s.recipients() == null || s.recipients().stream().noneMatch(r -> r.send())) {
      reasons.add(NO_SENDING_ADDRESS);
    }
    if (s.conditions() != null
        && s.conditions().designatedCallersOnly()
        && (s.designatedCallers() == null
            || s.designatedCallers().stream().noneMatch(d -> d.enabled()))) {
      reasons.add(NO_DESIGNATED_NUMBER);
    }
    return reasons;
  }
}
