package jp.callmail.sip.connector.journal;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Where the journal lives unless {@code callmail.sip.journal-dir} says: {@code callmail-journal} in
 * Payara's instance root ({@code com.sun.aas.instanceRoot}), beside the server's other state, so
 * that it survives a restart when the server is started with a root directory (run.sh's {@code
 * --rootDir}). Without an instance root, a directory per SIP port in the temporary directory, with
 * a warning, since that may not survive a reboot.
 */
public final class JournalDirectory {

  private static final Logger LOG = Logger.getLogger(JournalDirectory.class.getName());
  static final String INSTANCE_ROOT = "com.sun.aas.instanceRoot";

  private JournalDirectory() {}

  /**
   * @param configured the setting, or null
   * @param systemProperties where the instance root and temporary directory are looked up
   */
  public static Path resolve(
      String configured, int sipPort, UnaryOperator<String> systemProperties) {
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured.trim()).toAbsolutePath();
    }
    String tmp = systemProperties.apply("java.io.tmpdir");
    String root = systemProperties.apply(INSTANCE_ROOT);
    if (root != null && !root.isBlank()) {
      Path directory = Path.of(root, "callmail-journal").toAbsolutePath();
      if (tmp != null && directory.startsWith(Path.of(tmp).toAbsolutePath())) {
        LOG.warning(
            () ->
                "Call record journal in "
                    + directory
                    + ", a temporary instance root: records pending at a"
                    + " restart are lost unless Payara Micro is started with --rootDir or callmail.sip.journal-dir is set");
      }
      return directory;
    }
    Path directory =
        Path.of(tmp == null ? "." : tmp, "callmail-journal-" + sipPort).toAbsolutePath();
    LOG.warning(
        () ->
            "No Payara instance root ("
                + INSTANCE_ROOT
                + "): call record journal in "
                + directory
                + ", which may not survive a reboot; set callmail.sip.journal-dir");
    return directory;
  }
}
