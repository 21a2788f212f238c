package jp.callmail.interfaces.operator.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import jp.callmail.application.ImportRefused;
import jp.callmail.application.LineImportService;
import jp.callmail.application.Views.ImportReport;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.interfaces.operator.rest.ImportBody;
import jp.callmail.interfaces.operator.rest.csv.CsvReader;
import jp.callmail.interfaces.operator.rest.csv.LineCsv;
import org.eclipse.microprofile.config.ConfigProvider;
import org.primefaces.model.file.UploadedFile;

/**
 * Bulk import of lines from a CSV file, all or nothing, with the same parser, limits and report as
 * {@code POST /api/lines/import}: every row's fate is listed, and a refused file changes nothing.
 */
@Named
@ViewScoped
public class ImportView implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject private LineImportService importer;

  /**
   * The API's limits; read from configuration here (a view-scoped bean cannot hold config beans).
   */
  private static int limit(String name, int fallback) {
    return ConfigProvider.getConfig().getOptionalValue(name, Integer.class).orElse(fallback);
  }

  private transient UploadedFile file;
  private String pasted;
  private ImportReport report;
  private boolean refused;

  public void importLines() {
    report = null;
    try (InputStream body = body()) {
      if (body == null) {
        ConsoleMessages.error(
            ConsoleMessages.text("import.file"), ConsoleMessages.text("import.nothing"));
        return;
      }
      String text =
          ImportBody.read(
              body, "text/csv; charset=UTF-8", limit("callmail.import.max-bytes", 2_097_152));
      report = importer.importLines(LineCsv.parse(text, limit("callmail.import.max-rows", 10_000)));
      refused = false;
      ConsoleMessages.info("import.done", report.created());
    } catch (ImportRefused e) {
      report = e.report();
      refused = true;
      ConsoleMessages.error(
          ConsoleMessages.text("import.refused", report.refused(), report.rows()), "");
    } catch (RuleViolation v) {
      ConsoleMessages.violation(v);
    } catch (ImportBody.TooLarge | LineCsv.TooManyRows | CsvReader.MalformedCsv e) {
      ConsoleMessages.error(ConsoleMessages.text("import.file"), e.getMessage());
    } catch (IOException e) {
      ConsoleMessages.error(ConsoleMessages.text("import.file"), e.getMessage());
    }
  }

  private InputStream body() throws IOException {
    if (file != null && file.getSize() > 0) {
      return file.getInputStream();
    }
    if (pasted != null && !pasted.isBlank()) {
      return new ByteArrayInputStream(pasted.getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  public UploadedFile getFile() {
    return file;
  }

  public void setFile(UploadedFile file) {
    this.file = file;
  }

  public String getPasted() {
    return pasted;
  }

  public void setPasted(String pasted) {
    this.pasted = pasted;
  }

  public ImportReport getReport() {
    return report;
  }

  public boolean isRefused() {
    return refused;
  }

  /** A field of a refused row by its label. */
  public String fieldLabel(String field) {
    return ConsoleMessages.label(field);
  }

  /** Why a row was refused, in the console's language. */
  public String reason(String rule, String message) {
    return ConsoleMessages.reason(rule, message);
  }

  /** A row's outcome ({@code created}, {@code refused}) in the console's language. */
  public String status(String status) {
    return ConsoleMessages.text("import.status." + status);
  }

  /** The columns of the file in order, each with the values it accepts (the import page's help). */
  public java.util.List<String> getColumns() {
    return LineCsv.HEADER;
  }

  /** An example row that imports as it is, but for its contract code. */
  public String getExample() {
    return "0612345678,C-0001,sip:10.0.0.5:5060;transport=udp,true,false,0612345679,false";
  }

  public String getHeader() {
    return String.join(",", LineCsv.HEADER);
  }
}
