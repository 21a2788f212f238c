package jp.callmail.application;

import jp.callmail.application.Views.ImportReport;

/**
 * A bulk import with at least one row the rules refuse: nothing was created, and the report says
 * which rows to fix (REST: 422). Rolls back the import's transaction.
 */
public class ImportRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ImportReport report;

  public ImportRefused(ImportReport report) {
    super(
        report.refused()
            + " of "
            + report.rows()
            + " rows refused; nothing was imported. Fix them and send the"
            + " whole file again.");
    this.report = report;
  }

  public ImportReport report() {
    return report;
  }
}
